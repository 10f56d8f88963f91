import type { Selectable } from 'kysely';
import type { GroupsTable, UsersTable } from './database.ts';

/** A stored user, with its document decoded. */
export type UserRow = Omit<Selectable<UsersTable>, 'doc'> & { doc: Record<string, unknown> };
/** A stored group (without members, which are rows of their own), document decoded. */
export type GroupRow = Omit<Selectable<GroupsTable>, 'doc' | 'member_count'> & { doc: Record<string, unknown> };
/** A group as read back: with the member count its membership writes keep. */
export type StoredGroupRow = GroupRow & { readonly member_count: number };

/** A direct membership as read back: the member, its type and what to display for it. */
export interface MemberRow {
  readonly member_id: string;
  readonly member_type: 'User' | 'Group';
  readonly display: string | null;
}

/** A group a user belongs to, for the user's read-only `groups` attribute. */
export interface UserGroupRow {
  readonly member_id: string;
  readonly group_id: string;
  readonly display: string | null;
}
