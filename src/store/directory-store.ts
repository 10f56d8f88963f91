import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { userNameKey } from '../scim/resource/user-name-key.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { startsWithSql } from './prefix-range.ts';

/** What the users listing searches: each has an index whose order it pages in. */
export const USER_SEARCH_FIELDS = ['userName', 'displayName', 'externalId'] as const;
export type UserSearchField = (typeof USER_SEARCH_FIELDS)[number];

export const GROUP_SEARCH_FIELDS = ['displayName', 'externalId'] as const;
export type GroupSearchField = (typeof GROUP_SEARCH_FIELDS)[number];

/** A row's place in an index order: its key there, then its id to break ties. */
export interface IndexPosition {
  readonly key: string;
  readonly id: string;
}

/** Which rows to read: those whose field starts with `prefix` (all without it), after `after`. */
export interface IndexRange<F extends string> {
  readonly field: F;
  /** Already trimmed; `''` is every row. */
  readonly prefix: string;
  readonly after: IndexPosition | undefined;
  readonly limit: number;
}

/** A sort key: an indexed expression, and whether it alone orders the rows (it is unique). */
const lower = (text: string): string => text.toLowerCase();

interface SortKey {
  readonly expr: RawBuilder<unknown>;
  readonly unique: boolean;
  /** How a search text is folded to compare with the key (the index holds folded text). */
  readonly fold?: (text: string) => string;
}

// The expressions of the indexes of migration 0001, written as they are so the index serves.
const USER_KEYS: Record<UserSearchField, SortKey> = {
  userName: { expr: sql`user_name_lower`, unique: true, fold: userNameKey },
  displayName: { expr: sql`lower(display_name)`, unique: false, fold: lower },
  externalId: { expr: sql`external_id`, unique: false },
};
const GROUP_KEYS: Record<GroupSearchField, SortKey> = {
  displayName: { expr: sql`lower(display_name)`, unique: false, fold: lower },
  externalId: { expr: sql`external_id`, unique: false },
};

/**
 * The directory's reads in the order of an index, narrowed by a prefix range of that
 * index and continued after a keyset position: each page reads about `limit` index
 * entries, however large the tenant.
 *
 * @example await directoryStore.users(tenantId, { field: 'userName', prefix: 'ann', after: undefined, limit: 51 })
 */
export class DirectoryStore {
  constructor(private readonly store: StoreDialect) {}

  /** Users in `field` order (then id), with their key there as `sort_key`. */
  users(tenantId: string, range: IndexRange<UserSearchField>) {
    const key = USER_KEYS[range.field];
    return this.store.db
      .selectFrom('users')
      .select(['id', 'user_name', 'display_name', 'external_id', 'active', 'updated_at', key.expr.as('sort_key')])
      .where('tenant_id', '=', tenantId)
      .where(this.narrow(key, range))
      .orderBy(key.expr)
      .$if(!key.unique, (q) => q.orderBy('id'))
      .limit(range.limit)
      .execute();
  }

  /** Groups in `field` order (then id), with their member count and key there as `sort_key`. */
  groups(tenantId: string, range: IndexRange<GroupSearchField>) {
    const key = GROUP_KEYS[range.field];
    return this.store.db
      .selectFrom('groups')
      .select(['id', 'display_name', 'external_id', 'updated_at', 'member_count', key.expr.as('sort_key')])
      .where('tenant_id', '=', tenantId)
      .where(this.narrow(key, range))
      .orderBy(key.expr)
      .orderBy('id')
      .limit(range.limit)
      .execute();
  }

  /** The prefix range and the keyset condition on `key`. */
  private narrow(key: SortKey, range: IndexRange<string>): RawBuilder<SqlBool> {
    const conditions: RawBuilder<SqlBool>[] = [];
    if (range.prefix !== '')
      conditions.push(startsWithSql(this.store.json, key.expr, key.fold ? key.fold(range.prefix) : range.prefix));
    if (range.after !== undefined) conditions.push(this.afterSql(key, range.after));
    return conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
  }

  /** The rows after `position` in (key, id) order; `key >= ...` first, so the index range starts there. */
  private afterSql(key: SortKey, position: IndexPosition): RawBuilder<SqlBool> {
    const value = this.store.json.textParam(position.key);
    if (key.unique) return sql<SqlBool>`(${key.expr} > ${value})`;
    return sql<SqlBool>`(${key.expr} >= ${value} and (${key.expr} > ${value} or id > ${this.store.json.textParam(position.id)}))`;
  }
}
