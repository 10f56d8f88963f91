import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppScope } from '../../../applications/app-scopes.ts';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { originOf } from '../../base-url.ts';
import { adminErrorText } from '../admin-error-text.ts';
import { formOf, queryOf } from '../form-body.ts';
import { actorOf, portalOf, writerOf, type PortalContext } from '../portal-context.ts';
import { PortalError } from '../portal-error.ts';
import { replyHtml } from '../reply-html.ts';
import { applicationsMessages, isAppDoneNotice, type AppDoneNotice } from './applications-messages.ts';
import {
  NO_CREATE_FIELDS,
  renderApplicationsPage,
  renderAppSecretPage,
  renderConfirmAppDeletePage,
  type CreateFields,
} from './applications-page.ts';
import { APP_TOKEN_ACTIONS, APPLICATIONS_PATHS, type AppTokenAction } from './applications-paths.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the host application reads the feed. */
const feedUrlOf = (req: FastifyRequest): string => `${originOf(req)}/api/v1/events`;

async function showPage(
  roster: Roster,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: PortalContext,
  status: number,
  fields: CreateFields,
  notice?: { kind: 'success' | 'error'; text: string },
): Promise<FastifyReply> {
  const tokens = await roster.applications.list(ctx.admin.tenantId);
  return replyHtml(
    reply,
    status,
    renderApplicationsPage(ctx, { tokens, feedUrl: feedUrlOf(req), fields, ...(notice ? { notice } : {}) }),
  );
}

const backWith = (reply: FastifyReply, done: AppDoneNotice): FastifyReply =>
  reply.redirect(`${APPLICATIONS_PATHS.page}?done=${done}`, 303);

/**
 * Admin › Identity › Applications: GET the page, POST the Create form (the secret is
 * shown once, in the answer), POST each token's actions (Delete after a confirmation).
 * Writers only for POSTs; a refused form (bad name, no scope, a third token) comes back
 * with what was typed and why, changing nothing.
 */
export function registerApplicationsRoutes(app: FastifyInstance, roster: Roster): void {
  app.get(APPLICATIONS_PATHS.page, async (req, reply) => {
    const ctx = portalOf(req);
    const done = queryOf(req).done;
    const notice = isAppDoneNotice(done)
      ? { kind: 'success' as const, text: applicationsMessages(ctx.locale)(`done_${done}`) }
      : undefined;
    return showPage(roster, req, reply, ctx, 200, NO_CREATE_FIELDS, notice);
  });

  app.post(APPLICATIONS_PATHS.create, async (req, reply) => {
    const ctx = writerOf(req);
    const body = formOf(req);
    const fields: CreateFields = {
      name: (body.name ?? '').trim(),
      events: body.scope_events === 'on',
      directory: body.scope_directory === 'on',
    };
    const scopes: AppScope[] = [
      ...(fields.events ? (['events:read'] as const) : []),
      ...(fields.directory ? (['directory:read'] as const) : []),
    ];
    try {
      const issued = await roster.applications.issue(ctx.admin.tenantId, {
        name: fields.name,
        scopes,
        actor: actorOf(ctx),
      });
      const page = renderAppSecretPage(ctx, { kind: 'created', ...issued, feedUrl: feedUrlOf(req) });
      return replyHtml(reply, 200, page, { noStore: true });
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      const status = error.code === 'limit' ? 409 : 400;
      return showPage(roster, req, reply, ctx, status, fields, {
        kind: 'error',
        text: adminErrorText(ctx.locale, error),
      });
    }
  });

  const handlers: Record<
    AppTokenAction,
    (req: FastifyRequest, reply: FastifyReply, ctx: PortalContext, id: string) => Promise<FastifyReply>
  > = {
    activate: async (_req, reply, ctx, id) => {
      await roster.applications.activate(ctx.admin.tenantId, id, actorOf(ctx));
      return backWith(reply, 'activated');
    },
    deactivate: async (_req, reply, ctx, id) => {
      await roster.applications.deactivate(ctx.admin.tenantId, id, actorOf(ctx));
      return backWith(reply, 'deactivated');
    },
    renew: async (req, reply, ctx, id) => {
      const renewed = await roster.applications.renew(ctx.admin.tenantId, id, actorOf(ctx));
      const page = renderAppSecretPage(ctx, { kind: 'renewed', ...renewed, feedUrl: feedUrlOf(req) });
      return replyHtml(reply, 200, page, { noStore: true });
    },
    delete: async (req, reply, ctx, id) => {
      if (formOf(req).confirm !== 'yes') {
        const token = await roster.applications.get(ctx.admin.tenantId, id);
        const all = await roster.applications.list(ctx.admin.tenantId);
        const last = all.filter((t) => t.applicationId === token.applicationId).length === 1;
        return replyHtml(reply, 200, renderConfirmAppDeletePage(ctx, token, last), { noStore: true });
      }
      await roster.applications.delete(ctx.admin.tenantId, id, actorOf(ctx));
      return backWith(reply, 'deleted');
    },
  };
  for (const action of APP_TOKEN_ACTIONS) {
    app.post<{ Params: { id: string } }>(`${APPLICATIONS_PATHS.page}/tokens/:id/${action}`, async (req, reply) => {
      const ctx = writerOf(req);
      if (!UUID.test(req.params.id)) throw new PortalError(404, 'notFound');
      return handlers[action](req, reply, ctx, req.params.id.toLowerCase());
    });
  }
}
