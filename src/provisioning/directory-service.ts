import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import {
  DirectoryStore,
  type GroupSearchField,
  type IndexPosition,
  type UserSearchField,
} from '../store/directory-store.ts';
import { MembersStore } from '../store/members-store.ts';
import { AdminError } from '../shared/admin-error.ts';
import { decodeCursorFields, encodeCursorFields } from '../shared/cursor-codec.ts';

export {
  GROUP_SEARCH_FIELDS,
  USER_SEARCH_FIELDS,
  type GroupSearchField,
  type UserSearchField,
} from '../store/directory-store.ts';

/** One page to read: rows whose `field` starts with `text` (all rows without it). */
export interface DirectoryQuery<F extends string> {
  readonly field: F;
  /** A prefix; userName and displayName match in any case, externalId exactly. */
  readonly text?: string | undefined;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface DirectoryPage<T> {
  readonly items: readonly T[];
  /** Hand back as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** A user as the directory lists it: the indexed columns, not the document. */
export interface UserSummary {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly updatedAt: string;
}

export interface GroupSummary {
  readonly id: string;
  readonly displayName: string | null;
  readonly externalId: string | null;
  readonly updatedAt: string;
  /** Direct members (kept with every membership write, so reading it costs nothing). */
  readonly memberCount: number;
}

export interface MemberSummary {
  readonly id: string;
  readonly type: 'User' | 'Group';
  /** The member's displayName, else its userName; null when it no longer exists. */
  readonly display: string | null;
}

export const DIRECTORY_PAGE_SIZE = 50;
export const MEMBERS_PAGE_SIZE = 100;
const MAX_LIMIT = 500;

/**
 * The directory as administrators browse it (the portal): pages of users and groups in the
 * order of an index, searched by prefix within that index, and a group's members by the
 * membership primary key. Every page reads about `limit` index entries, whatever the
 * tenant's size: no count over the table, no offset.
 *
 * Prefix, not substring: a substring test reads every row (55 to 70 ms over 100,000 users,
 * measured on both databases), a prefix is a range of the index (under 1 ms).
 *
 * @example await directory.users(tenantId, { field: 'userName', text: 'ann' })
 */
export class DirectoryService {
  private readonly members: MembersStore;
  private readonly rows: DirectoryStore;

  constructor(store: StoreDialect) {
    this.members = new MembersStore(store);
    this.rows = new DirectoryStore(store);
  }

  /**
   * The tenant's users ordered by `field` (then id), those whose `field` starts with the
   * text when one is given; without a text, by userName whatever the field.
   *
   * @throws AdminError `invalid` for a cursor this listing did not hand out.
   */
  async users(tenantId: string, query: DirectoryQuery<UserSearchField>): Promise<DirectoryPage<UserSummary>> {
    const prefix = query.text?.trim() ?? '';
    const limit = limitOf(query.limit, DIRECTORY_PAGE_SIZE);
    const field = prefix === '' ? 'userName' : query.field;
    const rows = await this.rows.users(tenantId, { field, prefix, after: afterOf(query.cursor), limit: limit + 1 });
    const items = rows.slice(0, limit).map((r): UserSummary => ({
      id: r.id,
      userName: r.user_name,
      displayName: r.display_name,
      externalId: r.external_id,
      active: Number(r.active) === 1,
      updatedAt: r.updated_at,
    }));
    return { items, nextCursor: nextCursorOf(rows, limit) };
  }

  /**
   * The tenant's groups ordered by `field` (then id), narrowed by a prefix as
   * {@link users} is, each with its member count.
   */
  async groups(tenantId: string, query: DirectoryQuery<GroupSearchField>): Promise<DirectoryPage<GroupSummary>> {
    const prefix = query.text?.trim() ?? '';
    const limit = limitOf(query.limit, DIRECTORY_PAGE_SIZE);
    const field = prefix === '' ? 'displayName' : query.field;
    const rows = await this.rows.groups(tenantId, { field, prefix, after: afterOf(query.cursor), limit: limit + 1 });
    const items = rows.slice(0, limit).map((r): GroupSummary => ({
      id: r.id,
      displayName: r.display_name,
      externalId: r.external_id,
      updatedAt: r.updated_at,
      memberCount: Number(r.member_count),
    }));
    return { items, nextCursor: nextCursorOf(rows, limit) };
  }

  /**
   * One page of a group's direct members ordered by member id: never the whole list, so a
   * group of any size opens at once.
   *
   * @throws AdminError `invalid` for a cursor this listing did not hand out.
   */
  async groupMembers(
    tenantId: string,
    groupId: string,
    query: { readonly cursor?: string | undefined; readonly limit?: number | undefined } = {},
  ): Promise<DirectoryPage<MemberSummary>> {
    const limit = limitOf(query.limit, MEMBERS_PAGE_SIZE);
    const after = query.cursor === undefined ? undefined : decodePosition(query.cursor).id;
    const rows = await this.members.page(tenantId, groupId, after, limit + 1);
    const items = rows
      .slice(0, limit)
      .map((r): MemberSummary => ({ id: r.member_id, type: r.member_type, display: r.display }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodePosition({ key: last.id, id: last.id }) : null,
    };
  }
}

/** A directory page link: the position of the page's last row in its index order. */
const encodePosition = (position: IndexPosition): string => encodeCursorFields([position.key, position.id]);

/** @throws AdminError `invalid` when the text is not a page link this listing handed out. */
function decodePosition(text: string): IndexPosition {
  const [key, id] = decodeCursorFields(text, 2) ?? [];
  if (typeof key === 'string' && typeof id === 'string') return { key, id };
  throw new AdminError('invalid', 'badPageLink');
}

/** The position a page link continues after. */
const afterOf = (cursor: string | undefined) => (cursor === undefined ? undefined : decodePosition(cursor));

function nextCursorOf(rows: readonly { id: string; sort_key: unknown }[], limit: number): string | null {
  const last = rows[limit - 1];
  if (rows.length <= limit || !last) return null;
  const key = last.sort_key;
  // Sort keys are text or numbers; JSON writes a number as String does.
  return encodePosition({ key: typeof key === 'string' ? key : key == null ? '' : JSON.stringify(key), id: last.id });
}

function limitOf(requested: number | undefined, fallback: number): number {
  if (requested === undefined) return fallback;
  return Math.min(Math.max(1, Math.floor(requested)), MAX_LIMIT);
}
