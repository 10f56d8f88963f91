import type { MembersStore } from '../store/members-store.ts';
import { renderMember } from './render.ts';
import type { RequestContext } from './request-context.ts';

/**
 * A group's members as SCIM `members` values, one page at a time in member-id order: a
 * response writes each page out and never holds the whole list.
 *
 * @example for await (const page of memberPages(members, ctx, groupId)) write(page)
 */
export async function* memberPages(
  members: MembersStore,
  ctx: RequestContext,
  groupId: string,
): AsyncGenerator<Record<string, unknown>[]> {
  for await (const page of members.iterate(ctx.tenantId, groupId)) yield page.map((m) => renderMember(m, ctx));
}
