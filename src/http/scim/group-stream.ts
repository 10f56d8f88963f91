import { Readable } from 'node:stream';
import type { ResourceSchema } from '../../scim/schema/resource-schema.ts';
import type { Projection } from './projection.ts';

/**
 * A group's JSON with its members written page by page as they are read, so a group of a
 * million members is served in constant memory. `resource` is the projected group
 * without members; each page of members is projected the same way.
 */
export function streamGroup(
  rs: ResourceSchema,
  resource: Record<string, unknown>,
  pages: AsyncIterable<Record<string, unknown>[]>,
  projection: Projection,
): Readable {
  async function* chunks(): AsyncGenerator<string> {
    const { meta, ...head } = resource;
    let first = true;
    for await (const rendered of pages) {
      // Without attributes/excludedAttributes every member sub-attribute is returned.
      const projected = projection.requested
        ? (projection.apply(rs, { schemas: [rs.core.id], id: '-', members: rendered }).members as unknown[] | undefined)
        : rendered;
      if (!projected || projected.length === 0) continue;
      const items = projected.map((m) => JSON.stringify(m)).join(',');
      if (first) {
        const open = JSON.stringify(head);
        yield `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}"members":[${items}`;
        first = false;
      } else {
        yield `,${items}`;
      }
    }
    const tail = meta === undefined ? '' : `"meta":${JSON.stringify(meta)}`;
    if (first) {
      yield JSON.stringify(resource);
    } else {
      yield `]${tail ? `,${tail}` : ''}}`;
    }
  }
  return Readable.from(chunks());
}
