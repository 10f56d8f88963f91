import type { RawBuilder, SqlBool } from 'kysely';

/** A member to add, as the client named it (the store checks it exists and learns its type). */
export interface NewMember {
  readonly value: string;
  /** The type the client sent, as sent: only compared with what the member is, never stored. */
  readonly type?: string;
}

/**
 * One change to a group's membership rows, applied in order inside the group's write
 * transaction. `removeWhere` carries a predicate over the `group_members` row (aliased
 * `gm`), compiled from a PATCH filter.
 */
export type MemberChange =
  | { readonly kind: 'add'; readonly members: readonly NewMember[] }
  | { readonly kind: 'remove'; readonly values: readonly string[] }
  | { readonly kind: 'removeWhere'; readonly where: RawBuilder<SqlBool> }
  | { readonly kind: 'removeAll' };
