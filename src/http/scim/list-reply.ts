import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ListPage } from '../../provisioning/list-query.ts';
import type { ResourceSchema } from '../../scim/schema/resource-schema.ts';
import { URN } from '../../scim/schema/urns.ts';
import { streamGroup } from './group-stream.ts';
import type { Projection } from './projection.ts';
import { sendScim } from './scim-reply.ts';

/**
 * A ListResponse (RFC 7644 section 3.4.2), with RFC 9865 cursors when cursor paging. When
 * the page's groups show their members, the response is streamed group by group and each
 * group's members page by page (see ListPage.memberPages), in constant memory.
 */
export function sendListPage(
  reply: FastifyReply,
  page: ListPage,
  rs: ResourceSchema | ((resource: Record<string, unknown>) => ResourceSchema),
  projection: Projection,
): FastifyReply {
  const schemaOf = typeof rs === 'function' ? rs : () => rs;
  const resources = page.resources.map((r) => ({ schema: schemaOf(r), projected: projection.apply(schemaOf(r), r) }));
  const head = {
    schemas: [URN.listResponse],
    totalResults: page.totalResults,
    itemsPerPage: resources.length,
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    ...(page.previousCursor !== undefined ? { previousCursor: page.previousCursor } : {}),
  };
  const memberPages = page.memberPages;
  const streamed = (schema: ResourceSchema): boolean => memberPages !== undefined && projection.showsMembers(schema);
  if (!resources.some((r) => streamed(r.schema))) {
    return sendScim(reply, 200, { ...head, Resources: resources.map((r) => r.projected) });
  }
  async function* chunks(): AsyncGenerator<string | Buffer> {
    const open = JSON.stringify(head);
    yield `${open.slice(0, -1)},"Resources":[`;
    for (const [i, { schema, projected }] of resources.entries()) {
      if (i > 0) yield ',';
      if (!streamed(schema)) {
        yield JSON.stringify(projected);
        continue;
      }
      yield* streamGroup(schema, projected, memberPages!(String(projected.id)), projection);
    }
    yield ']}';
  }
  return sendScim(reply, 200, Readable.from(chunks()));
}
