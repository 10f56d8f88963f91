import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequestContext } from '../../provisioning/request-context.ts';
import { etagOf } from '../../provisioning/render.ts';
import { matchesIfNoneMatch } from '../../provisioning/preconditions.ts';
import type { Roster } from '../../roster.ts';
import type { ResourceSchema } from '../../scim/schema/resource-schema.ts';
import { streamGroup } from './group-stream.ts';
import { sendListPage } from './list-reply.ts';
import { parseListQuery, type RawListParams } from './parse-list-query.ts';
import { projectionOf, type Projection } from './projection.ts';
import { contextOf, writeOptionsOf } from './request-context.ts';
import { noteWritten } from './scim-log-note.ts';
import { sendResource, sendScim } from './scim-reply.ts';

type IdParams = { Params: { id: string }; Querystring: RawListParams };

/** /Groups: RFC 7644 sections 3.3 to 3.6, with members streamed on reads. */
export function registerGroupRoutes(app: FastifyInstance, roster: Roster): void {
  const rsOf = async (tenantId: string) => (await roster.schemas.forTenant(tenantId)).group;

  /** A group rendered without members, answered with its members streamed when shown. */
  const sendGroup = (
    reply: FastifyReply,
    ctx: RequestContext,
    rs: ResourceSchema,
    projection: Projection,
    resource: Record<string, unknown>,
    version: number,
  ): FastifyReply => {
    const projected = projection.apply(rs, resource);
    if (!projection.showsMembers(rs)) return sendResource(reply, 200, projected, version);
    const pages = roster.groups.streamMembers(ctx, String(resource.id));
    return sendScim(reply.header('etag', etagOf(version)), 200, streamGroup(rs, projected, pages, projection));
  };

  app.post<{ Querystring: RawListParams }>('/Groups', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.groups.create(ctx, request.body);
    noteWritten(request, written);
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
    return sendGroup(reply, ctx, rs, projection, resource, row.version);
  });

  app.put<IdParams>('/Groups/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const projection = projectionOf(request.query);
    const written = await roster.groups.replace(ctx, request.params.id, request.body, writeOptionsOf(request));
    noteWritten(request, written);
    // RFC 7644 3.5.1: PUT answers with the entire resource, members included.
    return sendGroup(reply, ctx, await rsOf(ctx.tenantId), projection, written.resource, written.version);
  });

  // 204 unless the client asks for attributes: a group's full member list can be huge.
  app.patch<IdParams>('/Groups/:id', async (request, reply) => {
    const ctx = contextOf(request);
    const rs = await rsOf(ctx.tenantId);
    const projection = projectionOf(request.query);
    const written = await roster.groups.patch(ctx, request.params.id, request.body, writeOptionsOf(request));
    noteWritten(request, written);
    if (!projection.requested) return reply.code(204).header('etag', etagOf(written.version)).send();
    return sendGroup(reply, ctx, rs, projection, written.resource, written.version);
  });

  app.delete<IdParams>('/Groups/:id', async (request, reply) => {
    await roster.groups.delete(contextOf(request), request.params.id, writeOptionsOf(request));
    return reply.code(204).send();
  });
}
