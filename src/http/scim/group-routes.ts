import type { FastifyInstance } from 'fastify';
import { etagOf } from '../../provisioning/render.ts';
import { matchesIfNoneMatch } from '../../provisioning/preconditions.ts';
import type { Roster } from '../../roster.ts';
import { streamGroup } from './group-stream.ts';
import { sendListPage } from './list-reply.ts';
import { parseListQuery, type RawListParams } from './parse-list-query.ts';
import { projectionOf } from './projection.ts';
import { contextOf, writeOptionsOf } from './request-context.ts';
import { SCIM_CONTENT_TYPE, sendResource } from './scim-reply.ts';

type IdParams = { Params: { id: string }; Querystring: RawListParams };

/** /Groups: RFC 7644 sections 3.3 to 3.6, with members streamed on reads. */
export function registerGroupRoutes(app: FastifyInstance, roster: Roster): void {
  const rsOf = async (tenantId: string) => (await roster.schemas.forTenant(tenantId)).group;

  app.post<{ Querystring: RawListParams }>('/Groups', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.groups.create(ctx, request.body);
    reply.header('location', (written.resource.meta as { location: string }).location);
    return sendResource(reply, 201, projection.apply(await rsOf(ctx.tenantId), written.resource), written.version);
  });

  app.get<{ Querystring: RawListParams }>('/Groups', async (request, reply) => {
    const ctx = contextOf(request);
    const rs = await rsOf(ctx.tenantId);
    const projection = projectionOf(request.query);
    const page = await roster.lists.groups(ctx, parseListQuery(request.query, projection.showsMembers(rs)));
    return sendListPage(reply, page, rs, projection);
  });

  app.get<IdParams>('/Groups/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const rs = await rsOf(ctx.tenantId);
    const projection = projectionOf(request.query);
    const { row, resource } = await roster.groups.get(ctx, request.params.id);
    reply.header('etag', etagOf(row.version));
    if (matchesIfNoneMatch(request.headers['if-none-match'], row.version)) return reply.code(304).send();
    const projected = projection.apply(rs, resource);
    if (!projection.showsMembers(rs)) return sendResource(reply, 200, projected, row.version);
    const pages = roster.groups.members.iterate(ctx.tenantId, row.id);
    return reply.code(200).type(SCIM_CONTENT_TYPE).send(streamGroup(rs, projected, pages, projection, ctx));
  });

  app.put<IdParams>('/Groups/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.groups.replace(ctx, request.params.id, request.body, writeOptionsOf(request));
    return sendResource(reply, 200, projection.apply(await rsOf(ctx.tenantId), written.resource), written.version);
  });

  // 204 unless the client asks for attributes: a group's full member list can be huge.
  app.patch<IdParams>('/Groups/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const rs = await rsOf(ctx.tenantId);
    const projection = projectionOf(request.query);
    const written = await roster.groups.patch(ctx, request.params.id, request.body, writeOptionsOf(request));
    if (!projection.requested) return reply.code(204).header('etag', etagOf(written.version)).send();
    const projected = projection.apply(rs, written.resource);
    reply.header('etag', etagOf(written.version));
    if (!projection.showsMembers(rs)) return sendResource(reply, 200, projected, written.version);
    const pages = roster.groups.members.iterate(ctx.tenantId, request.params.id);
    return reply.code(200).type(SCIM_CONTENT_TYPE).send(streamGroup(rs, projected, pages, projection, ctx));
  });

  app.delete<IdParams>('/Groups/:id', async (request, reply) => {
    await roster.groups.delete(contextOf(request), request.params.id, writeOptionsOf(request));
    return reply.code(204).send();
  });
}
