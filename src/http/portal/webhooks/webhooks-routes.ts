import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVENT_TYPES } from '../../../events/event-types.ts';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { adminErrorText } from '../admin-error-text.ts';
import { formOf, queryOf } from '../form-body.ts';
import type { PageOptions } from '../layout.ts';
import { actorOf, portalOf, writerOf, type PortalContext } from '../portal-context.ts';
import { PortalError } from '../portal-error.ts';
import { replyHtml } from '../reply-html.ts';
import { renderConfirmRemovePage, renderEndpointPage, renderWebhookSecretPage } from './endpoint-page.ts';
import { webhooksMessages } from './webhooks-messages.ts';
import { NEW_ENDPOINT, renderWebhooksPage, type EndpointFields } from './webhooks-page.ts';
import { ENDPOINT_ACTIONS, WEBHOOKS_PATHS, type EndpointAction } from './webhooks-paths.ts';

type IdParams = { Params: { id: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DONE = ['added', 'enabled', 'disabled', 'replayed', 'removed', 'testOk', 'testFailed'] as const;
type Done = (typeof DONE)[number];

/** A whole UUID, else 404: the services take prefixes, the portal does not. */
function idOf(req: FastifyRequest<IdParams>): string {
  if (!UUID.test(req.params.id)) throw new PortalError(404, 'notFound');
  return req.params.id.toLowerCase();
}

/** The success notice a redirect's query names (its numbers read as numbers, nothing else from it). */
function doneNotice(ctx: PortalContext, query: Readonly<Record<string, string>>): PageOptions['notice'] {
  const done = DONE.find((d) => d === query.done);
  if (!done) return undefined;
  const number = (text: string | undefined) => (text !== undefined && /^\d{1,15}$/.test(text) ? text : '');
  return {
    kind: done === 'testFailed' ? 'error' : 'success',
    text: webhooksMessages(ctx.locale)(`done_${done}`, { seq: number(query.seq), status: number(query.status) }),
  };
}

const backTo = (reply: FastifyReply, path: string, done: Done, extra: Record<string, string> = {}): FastifyReply =>
  reply.redirect(`${path}?${new URLSearchParams({ done, ...extra }).toString()}`, 303);

/**
 * Webhooks (Admin): GET the list, POST the Add form to it (the answer shows the secret
 * once); GET an endpoint's page (details, delivery log); POST its actions: enable (with
 * `mode` resume or skip), disable, rotate (shows the new secret once), test, replay
 * (`fromSeq` or `since`), remove (without `confirm=yes` it asks first). Writers only post.
 *
 * @example registerWebhooksRoutes(app, roster) // inside the portal plugin
 */
export function registerWebhooksRoutes(app: FastifyInstance, roster: Roster): void {
  const listPage = async (ctx: PortalContext, fields: EndpointFields, notice: PageOptions['notice']) =>
    renderWebhooksPage(ctx, { endpoints: await roster.webhooks.list(ctx.admin.tenantId), fields, notice });
  const endpointPage = async (ctx: PortalContext, id: string, notice: PageOptions['notice']) =>
    renderEndpointPage(ctx, {
      endpoint: await roster.webhooks.get(ctx.admin.tenantId, id),
      deliveries: await roster.webhooks.deliveries(ctx.admin.tenantId, id, 100),
      notice,
    });

  app.get(WEBHOOKS_PATHS.page, async (req, reply) => {
    const ctx = portalOf(req);
    return replyHtml(reply, 200, await listPage(ctx, NEW_ENDPOINT, doneNotice(ctx, queryOf(req))));
  });

  app.post(WEBHOOKS_PATHS.page, async (req, reply) => {
    const ctx = writerOf(req);
    const form = formOf(req);
    const fields: EndpointFields = {
      url: form.url ?? '',
      description: form.description ?? '',
      eventTypes: form.events === 'some' ? EVENT_TYPES.filter((type) => form[`type:${type}`] === 'on') : [],
      format: form.format ?? 'roster',
    };
    try {
      const { endpoint, secret } = await roster.webhooks.add(ctx.admin.tenantId, { ...fields, actor: actorOf(ctx) });
      return replyHtml(reply, 200, renderWebhookSecretPage(ctx, endpoint, secret), { noStore: true });
    } catch (error) {
      if (!(error instanceof AdminError) || error.code === 'not_found') throw error;
      const text = webhooksMessages(ctx.locale)('error_add', { detail: adminErrorText(ctx.locale, error) });
      return replyHtml(
        reply,
        error.code === 'invalid' ? 400 : 409,
        await listPage(ctx, fields, { kind: 'error', text }),
      );
    }
  });

  app.get<IdParams>(`${WEBHOOKS_PATHS.page}/:id`, async (req, reply) => {
    const ctx = portalOf(req);
    return replyHtml(reply, 200, await endpointPage(ctx, idOf(req), doneNotice(ctx, queryOf(req))));
  });

  const HANDLERS: Record<
    EndpointAction,
    (req: FastifyRequest<IdParams>, reply: FastifyReply, ctx: PortalContext, id: string) => Promise<FastifyReply>
  > = {
    enable: async (req, reply, ctx, id) => {
      const mode = formOf(req).mode;
      if (mode !== 'resume' && mode !== 'skip') throw new PortalError(400, 'badRequest');
      await roster.webhooks.enable(ctx.admin.tenantId, id, mode, actorOf(ctx));
      return backTo(reply, WEBHOOKS_PATHS.endpoint(id), 'enabled');
    },
    disable: async (_req, reply, ctx, id) => {
      await roster.webhooks.disable(ctx.admin.tenantId, id, actorOf(ctx));
      return backTo(reply, WEBHOOKS_PATHS.endpoint(id), 'disabled');
    },
    rotate: async (_req, reply, ctx, id) => {
      const { endpoint, secret } = await roster.webhooks.rotateSecret(ctx.admin.tenantId, id, actorOf(ctx));
      return replyHtml(reply, 200, renderWebhookSecretPage(ctx, endpoint, secret), { noStore: true });
    },
    test: async (_req, reply, ctx, id) => {
      const result = await roster.webhooks.test(ctx.admin.tenantId, id);
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      return backTo(reply, WEBHOOKS_PATHS.endpoint(id), ok ? 'testOk' : 'testFailed', {
        status: String(result.status),
      });
    },
    replay: async (req, reply, ctx, id) => {
      const form = formOf(req);
      const seq = (form.fromSeq ?? '').trim();
      const since = (form.since ?? '').trim();
      try {
        if ((seq === '') === (since === '') || (seq !== '' && !/^\d{1,15}$/.test(seq))) {
          throw new AdminError('invalid', 'badReplayStart');
        }
        const start = seq !== '' ? { fromSeq: Number(seq) } : { since };
        const endpoint = await roster.webhooks.replay(ctx.admin.tenantId, id, start, actorOf(ctx));
        return backTo(reply, WEBHOOKS_PATHS.endpoint(id), 'replayed', { seq: String(endpoint.cursor + 1) });
      } catch (error) {
        if (!(error instanceof AdminError) || error.code === 'not_found') throw error;
        const text = webhooksMessages(ctx.locale)('error_replay', { detail: adminErrorText(ctx.locale, error) });
        return replyHtml(reply, 400, await endpointPage(ctx, id, { kind: 'error', text }));
      }
    },
    // The first post only asks; the confirmation page posts again with confirm=yes.
    remove: async (req, reply, ctx, id) => {
      if (formOf(req).confirm !== 'yes') {
        const page = renderConfirmRemovePage(ctx, await roster.webhooks.get(ctx.admin.tenantId, id));
        return replyHtml(reply, 200, page, { noStore: true });
      }
      await roster.webhooks.remove(ctx.admin.tenantId, id, actorOf(ctx));
      return backTo(reply, WEBHOOKS_PATHS.page, 'removed');
    },
  };
  for (const action of ENDPOINT_ACTIONS) {
    app.post<IdParams>(`${WEBHOOKS_PATHS.page}/:id/${action}`, async (req, reply) => {
      const ctx = writerOf(req);
      return HANDLERS[action](req, reply, ctx, idOf(req));
    });
  }
}
