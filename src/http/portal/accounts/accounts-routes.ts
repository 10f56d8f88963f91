import type { FastifyInstance, FastifyReply } from 'fastify';
import { isAdminRole } from '../../../admins/admin-role.ts';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { formOf, queryOf } from '../form-body.ts';
import type { PageOptions } from '../layout.ts';
import { actorOf, portalOf, type PortalContext } from '../portal-context.ts';
import { accountsMessages } from './accounts-messages.ts';
import { doneNotice, donePath } from './accounts-notice.ts';
import { renderAccountsPage } from './accounts-page.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';
import { NEW_ACCOUNT, type AccountFields } from './add-account-form.ts';
import { ownerOf } from './owner-of.ts';
import { registerPasswordRoutes } from './password-routes.ts';
import { renderRemoveAccountPage } from './remove-account-page.ts';
import { replyHtml } from '../reply-html.ts';
import { adminErrorText } from '../admin-error-text.ts';

type IdParams = { Params: { id: string } };

/** A refusal the owner can act on, shown on the page: bad input 400, a clash (last owner, own account, taken email) 409. */
const isFormError = (error: unknown): error is AdminError => error instanceof AdminError && error.code !== 'not_found';
const formStatus = (error: AdminError): 400 | 409 => (error.code === 'invalid' ? 400 : 409);

/**
 * Accounts (Admin): GET the page (`?done=` names the notice after a redirect), POST the Add
 * form to it; per account, POST a role change, POST Remove (without `confirm=yes` it answers
 * with the confirmation step). Every POST is for owners only. Also registers Change password,
 * which every role may use for its own account.
 *
 * @example registerAccountsRoutes(app, roster) // inside the portal plugin
 */
export function registerAccountsRoutes(app: FastifyInstance, roster: Roster): void {
  const page = async (ctx: PortalContext, fields: AccountFields, notice: PageOptions['notice']): Promise<string> =>
    renderAccountsPage(ctx, { accounts: await roster.admins.list(ctx.admin.tenantId), fields, notice });
  const refused = async (reply: FastifyReply, ctx: PortalContext, status: number, text: string, fields = NEW_ACCOUNT) =>
    replyHtml(reply, status, await page(ctx, fields, { kind: 'error', text }));

  app.get(ACCOUNTS_PATHS.page, async (req, reply) => {
    const ctx = portalOf(req);
    return replyHtml(reply, 200, await page(ctx, NEW_ACCOUNT, doneNotice(ctx.locale, queryOf(req))));
  });

  app.post(ACCOUNTS_PATHS.page, async (req, reply) => {
    const ctx = ownerOf(req);
    const form = formOf(req);
    const m = accountsMessages(ctx.locale);
    const fields: AccountFields = {
      email: form.email ?? '',
      role: isAdminRole(form.role) ? form.role : NEW_ACCOUNT.role,
    };
    if ((form.password ?? '') !== (form.password2 ?? '')) return refused(reply, ctx, 400, m('passwordsDiffer'), fields);
    try {
      const input = { email: fields.email, role: form.role ?? '', password: form.password ?? '' };
      const created = await roster.admins.create(ctx.admin.tenantId, input, actorOf(ctx));
      return reply.redirect(donePath('added', created.email), 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return refused(
        reply,
        ctx,
        formStatus(error),
        m('error_add', { detail: adminErrorText(ctx.locale, error) }),
        fields,
      );
    }
  });

  app.post<IdParams>(ACCOUNTS_PATHS.route('role'), async (req, reply) => {
    const ctx = ownerOf(req);
    try {
      const changed = await roster.admins.changeRole(
        ctx.admin.tenantId,
        req.params.id,
        formOf(req).role ?? '',
        actorOf(ctx),
      );
      return reply.redirect(donePath('role', changed.email, changed.role), 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return refused(
        reply,
        ctx,
        formStatus(error),
        accountsMessages(ctx.locale)('error_role', { detail: adminErrorText(ctx.locale, error) }),
      );
    }
  });

  app.post<IdParams>(ACCOUNTS_PATHS.route('remove'), async (req, reply) => {
    const ctx = ownerOf(req);
    const m = accountsMessages(ctx.locale);
    const tenantId = ctx.admin.tenantId;
    try {
      if (formOf(req).confirm !== 'yes') {
        // Refused before the confirmation step when it is one's own account: nothing to confirm.
        if (req.params.id === ctx.admin.id) throw new AdminError('conflict', 'cannotRemoveSelf');
        return replyHtml(reply, 200, renderRemoveAccountPage(ctx, await roster.admins.get(tenantId, req.params.id)));
      }
      const removed = await roster.admins.remove(tenantId, req.params.id, actorOf(ctx));
      return reply.redirect(donePath('removed', removed.email), 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return refused(reply, ctx, formStatus(error), m('error_remove', { detail: adminErrorText(ctx.locale, error) }));
    }
  });

  registerPasswordRoutes(app, roster);
}
