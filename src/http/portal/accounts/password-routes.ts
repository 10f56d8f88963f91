import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { cookiesOf } from '../cookies.ts';
import { formOf, queryOf } from '../form-body.ts';
import { portalOf, type PortalContext } from '../portal-context.ts';
import { SESSION_COOKIE } from '../portal-session.ts';
import { accountsMessages } from './accounts-messages.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';
import { renderPasswordPage } from './password-page.ts';
import { replyHtml } from '../reply-html.ts';
import { adminErrorText } from '../admin-error-text.ts';

const refused = (reply: FastifyReply, ctx: PortalContext, status: number, text: string): FastifyReply =>
  replyHtml(reply, status, renderPasswordPage(ctx, { kind: 'error', text }));

/**
 * Change password, for every role (a viewer too: it changes only their own account). The
 * session that changes it stays signed in; the account's other sessions end. A wrong
 * current password is 400 and counts against the account's sign-in limit (429 after that).
 */
export function registerPasswordRoutes(app: FastifyInstance, roster: Roster): void {
  app.get(ACCOUNTS_PATHS.password, async (req, reply) => {
    const ctx = portalOf(req);
    const m = accountsMessages(ctx.locale);
    const done = queryOf(req).done === 'changed' ? { kind: 'success' as const, text: m('done_password') } : undefined;
    return replyHtml(reply, 200, renderPasswordPage(ctx, done));
  });

  app.post(ACCOUNTS_PATHS.password, async (req, reply) => {
    const ctx = portalOf(req);
    const m = accountsMessages(ctx.locale);
    const form = formOf(req);
    if ((form.password ?? '') !== (form.password2 ?? '')) return refused(reply, ctx, 400, m('newPasswordsDiffer'));
    try {
      const result = await roster.admins.changePassword(
        ctx.admin.id,
        form.current ?? '',
        form.password ?? '',
        cookiesOf(req)[SESSION_COOKIE],
        req.id,
      );
      if (result.kind === 'wrong_password') return refused(reply, ctx, 400, m('wrongPassword'));
      if (result.kind === 'limited') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        return refused(reply, ctx, 429, m('limited', { minutes: Math.ceil(result.retryAfterSeconds / 60) }));
      }
      return reply.redirect(`${ACCOUNTS_PATHS.password}?done=changed`, 303);
    } catch (error) {
      if (!(error instanceof AdminError) || error.code === 'not_found') throw error;
      return refused(
        reply,
        ctx,
        error.code === 'invalid' ? 400 : 409,
        m('error_password', { detail: adminErrorText(ctx.locale, error) }),
      );
    }
  });
}
