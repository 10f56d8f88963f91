import type { FastifyReply } from 'fastify';
import type { ListPage } from '../../provisioning/list-query.ts';
import type { ResourceSchema } from '../../scim/schema/resource-schema.ts';
import { URN } from '../../scim/schema/urns.ts';
import type { Projection } from './projection.ts';
import { sendScim } from './scim-reply.ts';

/** A ListResponse (RFC 7644 section 3.4.2), with RFC 9865 cursors when cursor paging. */
export function sendListPage(
  reply: FastifyReply,
  page: ListPage,
  rs: ResourceSchema | ((resource: Record<string, unknown>) => ResourceSchema),
  projection: Projection,
): FastifyReply {
  const schemaOf = typeof rs === 'function' ? rs : () => rs;
  const resources = page.resources.map((r) => projection.apply(schemaOf(r), r));
  return sendScim(reply, 200, {
    schemas: [URN.listResponse],
    totalResults: page.totalResults,
    itemsPerPage: resources.length,
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    ...(page.previousCursor !== undefined ? { previousCursor: page.previousCursor } : {}),
    Resources: resources,
  });
}
