import type { FastifyInstance } from 'fastify';
import { matchesIfNoneMatch } from '../../provisioning/preconditions.ts';
import { etagOf } from '../../provisioning/render.ts';
import type { Roster } from '../../roster.ts';
import { sendListPage } from './list-reply.ts';
import { principalOf } from './bearer-auth.ts';
import { parseListQuery, type RawListParams } from './parse-list-query.ts';
import { projectionOf } from './projection.ts';
import { contextOf, writeOptionsOf } from './request-context.ts';
import { noteWritten } from './scim-log-note.ts';
import { sendResource } from './scim-reply.ts';

type IdParams = { Params: { id: string }; Querystring: RawListParams };

/** /Users: RFC 7644 sections 3.3 to 3.6. */
export function registerUserRoutes(app: FastifyInstance, roster: Roster): void {
  const rsOf = async (tenantId: string) => (await roster.schemas.forTenant(tenantId)).user;

  app.post<{ Querystring: RawListParams }>('/Users', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.users.create(ctx, request.body);
    noteWritten(request, written);
    reply.header('location', written.resource.meta && (written.resource.meta as { location: string }).location);
    return sendResource(reply, 201, projection.apply(await rsOf(ctx.tenantId), written.resource), written.version);
  });

  app.get<{ Querystring: RawListParams }>('/Users', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const page = await roster.lists.users(ctx, parseListQuery(request.query, false));
    return sendListPage(reply, page, await rsOf(ctx.tenantId), projection);
  });

  app.get<IdParams>('/Users/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const { resource, version } = await roster.users.get(ctx, request.params.id);
    if (matchesIfNoneMatch(request.headers['if-none-match'], version)) {
      return reply.code(304).header('etag', `W/"${version}"`).send();
    }
    return sendResource(reply, 200, projection.apply(await rsOf(ctx.tenantId), resource), version);
  });

  app.put<IdParams>('/Users/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.users.replace(ctx, request.params.id, request.body, writeOptionsOf(request));
    noteWritten(request, written);
    return sendResource(reply, 200, projection.apply(await rsOf(ctx.tenantId), written.resource), written.version);
  });

  app.patch<IdParams>('/Users/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.users.patch(ctx, request.params.id, request.body, writeOptionsOf(request));
    noteWritten(request, written);
    // RFC 7644 3.5.2 allows 204 for a PATCH; Entra ignores the body and Microsoft's suite
    // asks for 204, so its tokens get it unless they ask for attributes. Others get the
    // resource, the RFC's first answer, which Okta and most clients read.
    if (principalOf(request).idpKind === 'entra' && !projection.requested) {
      return reply.code(204).header('etag', etagOf(written.version)).send();
    }
    return sendResource(reply, 200, projection.apply(await rsOf(ctx.tenantId), written.resource), written.version);
  });

  app.delete<IdParams>('/Users/:id', async (request, reply) => {
    await roster.users.delete(contextOf(request), request.params.id, writeOptionsOf(request));
    return reply.code(204).send();
  });
}
