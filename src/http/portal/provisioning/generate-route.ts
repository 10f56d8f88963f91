import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Roster } from '../../../roster.ts';
import type { IdpKind } from '../../../tokens/idp-kinds.ts';
import { MAX_TOKENS_PER_CONNECTION, TokenLimitError } from '../../../tokens/tokens-service.ts';
import { baseUrlOf } from '../../base-url.ts';
import { formOf } from '../form-body.ts';
import { actorOf, writerOf, type PortalContext } from '../portal-context.ts';
import { renderConfirmGeneratePage } from './confirm-generate-page.ts';
import { MAX_DAYS, MAX_NAME, parseGenerateForm, type GenerateFields } from './generate-choice.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';
import { idpLabel, provisioningMessages } from './provisioning-messages.ts';
import { replyHtml } from '../reply-html.ts';
import { renderSecretPage } from './secret-page.ts';
import { showProvisioningPage } from './show-provisioning-page.ts';

/**
 * POST of the Generate form. Without `confirm=yes` it only asks to confirm; with it, it
 * ensures the tenant's connection for the IdP (as `roster tokens create` does), issues the
 * token and answers with its secret, once. A third token for an IdP is refused with 409
 * and the page says what to do instead.
 */
export function registerGenerateRoute(app: FastifyInstance, roster: Roster): void {
  app.post(PROVISIONING_PATHS.generate, async (req, reply) => {
    const ctx = writerOf(req);
    const body = formOf(req);
    const m = provisioningMessages(ctx.locale);
    const parsed = parseGenerateForm(body);
    if (!parsed.ok) {
      const text = m(parsed.problem, { max: parsed.problem === 'error_days' ? MAX_DAYS : MAX_NAME });
      return refuse(roster, req, reply, ctx, 400, parsed.fields, text);
    }
    const { choice, fields } = parsed;
    const tenantId = ctx.admin.tenantId;
    const limitText = m('error_limit', { idp: idpLabel(ctx.locale, choice.idp), max: MAX_TOKENS_PER_CONNECTION });
    if (body.confirm !== 'yes') {
      // Asking to confirm what is bound to fail would waste a step: say it now.
      if (await atLimit(roster, tenantId, choice.idp)) return refuse(roster, req, reply, ctx, 409, fields, limitText);
      return replyHtml(reply, 200, renderConfirmGeneratePage(ctx, fields), { noStore: true });
    }
    const actor = actorOf(ctx);
    try {
      const connectionId = await roster.tokens.ensureConnection(tenantId, choice.idp, { actor });
      const issued = await roster.tokens.issue(tenantId, connectionId, {
        actor,
        ...(choice.name !== undefined ? { name: choice.name } : {}),
        ...(choice.expiresInDays !== undefined ? { expiresInDays: choice.expiresInDays } : {}),
      });
      const page = renderSecretPage(ctx, {
        kind: 'generated',
        idpKind: choice.idp,
        tokenName: issued.name,
        expiresAt: issued.expiresAt,
        secret: issued.secret,
        scimUrl: baseUrlOf(req),
      });
      return replyHtml(reply, 200, page, { noStore: true });
    } catch (error) {
      if (error instanceof TokenLimitError) return refuse(roster, req, reply, ctx, 409, fields, limitText);
      throw error;
    }
  });
}

/**
 * Whether the IdP's connection is already full. Only `ensureConnection` makes
 * connections, one per IdP kind, so that kind's tokens are its tokens. This only spares
 * a confirmation bound to fail; the service enforces the limit, under a lock.
 */
async function atLimit(roster: Roster, tenantId: string, kind: IdpKind): Promise<boolean> {
  const ofKind = (await roster.tokens.list(tenantId)).filter((t) => t.idpKind === kind);
  const connectionId = ofKind[0]?.connectionId;
  return ofKind.filter((t) => t.connectionId === connectionId).length >= MAX_TOKENS_PER_CONNECTION;
}

/** The page again, with the form as submitted and why it was refused. */
async function refuse(
  roster: Roster,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: PortalContext,
  status: 400 | 409,
  fields: GenerateFields,
  text: string,
): Promise<FastifyReply> {
  return replyHtml(
    reply,
    status,
    await showProvisioningPage(roster, req, ctx, { fields, notice: { kind: 'error', text } }),
  );
}
