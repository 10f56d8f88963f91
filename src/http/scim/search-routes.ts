import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../roster.ts';
import { ScimError } from '../../scim/error.ts';
import { URN } from '../../scim/schema/urns.ts';
import { sendListPage } from './list-reply.ts';
import { parseListQuery, type RawListParams } from './parse-list-query.ts';
import { projectionOf } from './projection.ts';
import { contextOf } from './request-context.ts';

/** A SearchRequest body (RFC 7644 section 3.4.3), checked. */
function searchParams(body: unknown): RawListParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimError(400, 'invalidSyntax', 'A search request body must be a JSON object');
  }
  const b = body as Record<string, unknown>;
  const schemas = b.schemas;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.searchRequest.toLowerCase())
  ) {
    throw new ScimError(400, 'invalidSyntax', `A search request must list "${URN.searchRequest}" in schemas`);
  }
  return b;
}

/** POST /.search, /Users/.search and /Groups/.search. */
export function registerSearchRoutes(app: FastifyInstance, roster: Roster): void {
  app.post('/Users/.search', async (request, reply) => {
    const params = searchParams(request.body);
    const ctx = contextOf(request);
    const rs = (await roster.schemas.forTenant(ctx.tenantId)).user;
    const page = await roster.lists.users(ctx, parseListQuery(params, false));
    return sendListPage(reply, page, rs, projectionOf(params));
  });

  app.post('/Groups/.search', async (request, reply) => {
    const params = searchParams(request.body);
    const ctx = contextOf(request);
    const rs = (await roster.schemas.forTenant(ctx.tenantId)).group;
    const projection = projectionOf(params);
    const page = await roster.lists.groups(ctx, parseListQuery(params, projection.showsMembers(rs)));
    return sendListPage(reply, page, rs, projection);
  });

  app.post('/.search', async (request, reply) => {
    const params = searchParams(request.body);
    const ctx = contextOf(request);
    const schemas = await roster.schemas.forTenant(ctx.tenantId);
    const projection = projectionOf(params);
    const page = await roster.lists.all(ctx, parseListQuery(params, projection.showsMembers(schemas.group)));
    const rsOf = (r: Record<string, unknown>) =>
      (r.meta as { resourceType?: string } | undefined)?.resourceType === 'Group' ? schemas.group : schemas.user;
    return sendListPage(reply, page, rsOf, projection);
  });
}
