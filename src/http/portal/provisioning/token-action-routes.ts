import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { baseUrlOf } from '../../base-url.ts';
import { formOf } from '../form-body.ts';
import { actorOf, writerOf, type PortalContext } from '../portal-context.ts';
import { PortalError } from '../portal-error.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { renderConfirmDeletePage } from './confirm-delete-page.ts';
import type { DoneNotice } from './provisioning-messages.ts';
import { PROVISIONING_PATHS, TOKEN_ACTIONS, type TokenAction } from './provisioning-paths.ts';
import { replyHtml } from '../reply-html.ts';
import { renderSecretPage } from './secret-page.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ActionHandler = (
  roster: Roster,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: PortalContext,
  id: string,
) => Promise<FastifyReply>;

/** Back to the page, whose notice says what was done. */
const backWith = (reply: FastifyReply, done: DoneNotice): FastifyReply =>
  reply.redirect(`${PROVISIONING_PATHS.page}?done=${done}`, 303);

const HANDLERS: Record<TokenAction, ActionHandler> = {
  activate: async (roster, _req, reply, ctx, id) => {
    const token = await roster.tokens.activate(ctx.admin.tenantId, id, actorOf(ctx));
    return backWith(reply, token.status === 'expired' ? 'activatedExpired' : 'activated');
  },
  deactivate: async (roster, _req, reply, ctx, id) => {
    await roster.tokens.deactivate(ctx.admin.tenantId, id, actorOf(ctx));
    return backWith(reply, 'deactivated');
  },
  renew: async (roster, req, reply, ctx, id) => {
    const { token, secret } = await roster.tokens.renew(ctx.admin.tenantId, id, actorOf(ctx));
    const page = renderSecretPage(ctx, {
      kind: 'renewed',
      idpKind: token.idpKind,
      tokenName: token.name,
      expiresAt: token.expiresAt,
      secret,
      scimUrl: baseUrlOf(req),
    });
    return replyHtml(reply, 200, page, { noStore: true });
  },
  // The first post only asks; the confirmation page posts again with confirm=yes.
  delete: async (roster, req, reply, ctx, id) => {
    if (formOf(req).confirm !== 'yes') {
      return replyHtml(reply, 200, renderConfirmDeletePage(ctx, await roster.tokens.get(ctx.admin.tenantId, id)), {
        noStore: true,
      });
    }
    await roster.tokens.delete(ctx.admin.tenantId, id, actorOf(ctx));
    return backWith(reply, 'deleted');
  },
};

/**
 * POST `/admin/identity/user-provisioning/tokens/:id/{activate,deactivate,renew,delete}`.
 * Writers only; the id must be a whole UUID (the services also take prefixes, the portal
 * does not), and a token of another tenant is not found (404).
 */
export function registerTokenActionRoutes(app: FastifyInstance, roster: Roster): void {
  for (const action of TOKEN_ACTIONS) {
    app.post<{ Params: { id: string } }>(`${PORTAL_PATHS.provisioning}/tokens/:id/${action}`, async (req, reply) => {
      const ctx = writerOf(req);
      if (!UUID.test(req.params.id)) throw new PortalError(404, 'notFound');
      return HANDLERS[action](roster, req, reply, ctx, req.params.id.toLowerCase());
    });
  }
}
