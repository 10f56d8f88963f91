import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Filter } from '../scim/filter/ast.ts';
import type { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { filterToSql } from './filter-sql.ts';
import { afterCursorSql, beforeCursorSql, type SortCursor } from './keyset-sql.ts';
import type { GroupRow, UserGroupRow, UserRow } from './resource-rows.ts';
import { userGroupsJson, userGroupsOf } from './user-groups-sql.ts';
import { orderBySql, sortSpec, sortValueSql, type SortSpec } from './sort-sql.ts';

export type ResourceTable = 'users' | 'groups';
/** The row type a table's listing reads. */
export type ResourceRowOf<T extends ResourceTable> = T extends 'users' ? UserRow : GroupRow;

/** What a listing asks for: the tenant's rows of one type a filter selects, in a sort's order. */
export interface ListRequest {
  readonly tenantId: string;
  /** The SCIM base URL, for filters on `meta.location` and `$ref`. */
  readonly baseUrl: string;
  readonly filter: Filter | undefined;
  readonly sortBy?: string | undefined;
  readonly sortOrder?: 'ascending' | 'descending' | undefined;
}

/** A request compiled to SQL once, then counted and read page by page. */
export interface Selection<T extends ResourceTable> {
  readonly table: T;
  readonly tenantId: string;
  /** Undefined: every row of the tenant. */
  readonly where: RawBuilder<SqlBool> | undefined;
  readonly spec: SortSpec;
}

/** A row read in sort order, with its place for a cursor. */
export interface PlacedRow<R> {
  readonly row: R;
  readonly position: SortCursor;
  /** A user's groups, when they were read with it (see {@link ResourceListStore.read}). */
  readonly groups?: UserGroupRow[];
}

/** Which rows of a selection to read: by offset, or next to a cursor's position. */
export type ReadWindow =
  | { readonly limit: number; readonly offset: number }
  | { readonly limit: number; readonly after: SortCursor }
  /** The `limit` rows nearest before the position, returned in sort order. */
  | { readonly limit: number; readonly before: SortCursor };

/**
 * SCIM lists in SQL: the filter and sort compiled once, counted and read by offset or
 * keyset cursor (RFC 9865), never by loading rows to sort them.
 *
 * @example
 * const sel = lists.select('users', rs, { tenantId, baseUrl, filter, sortBy: 'userName' });
 * const [total, rows] = [await lists.count(sel), await lists.read(sel, { limit: 50, offset: 0 })];
 */
export class ResourceListStore {
  constructor(private readonly store: StoreDialect) {}

  /**
   * Compiles a request for one resource type.
   *
   * @throws ScimError 400 invalidFilter or invalidValue for a filter or sortBy the type cannot take.
   */
  select<T extends ResourceTable>(table: T, rs: ResourceSchema, request: ListRequest): Selection<T> {
    const target = { rs, alias: table, json: this.store.json, baseUrl: request.baseUrl };
    return {
      table,
      tenantId: request.tenantId,
      where: request.filter === undefined ? undefined : filterToSql(request.filter, target),
      spec: sortSpec(request.sortBy, request.sortOrder, target),
    };
  }

  /**
   * How many rows the selection holds: without a filter, the tenant's count kept by the
   * writes' triggers (migration 0015), a few rows read instead of every row counted.
   */
  async count(selection: Selection<ResourceTable>): Promise<number> {
    if (selection.where === undefined) {
      const kept = await this.store.db
        .selectFrom('resource_counts')
        .select((eb) => eb.fn.sum<number | string | null>('n').as('n'))
        .where('tenant_id', '=', selection.tenantId)
        .where('resource_table', '=', selection.table)
        .executeTakeFirstOrThrow();
      return Number(kept.n ?? 0);
    }
    const row = await this.store.db
      .selectFrom(selection.table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', selection.tenantId)
      .where(selection.where)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Reads a window of the selection, documents decoded. Users come with their groups where a
   * second statement would cost a round trip (PostgreSQL); elsewhere the caller reads them.
   *
   * @throws ScimError 400 invalidCursor when a cursor's value does not fit the sort.
   */
  async read<T extends ResourceTable>(
    selection: Selection<T>,
    window: ReadWindow,
  ): Promise<PlacedRow<ResourceRowOf<T>>[]> {
    if (window.limit <= 0) return [];
    const { spec } = selection;
    const backward = 'before' in window;
    const withGroups = selection.table === 'users' && !this.store.inProcess;
    let query = this.store.db
      // typescript-eslint reads the cast as a no-op; tsc needs it to pick selectFrom's overload for a generic table.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      .selectFrom(selection.table as ResourceTable)
      .selectAll()
      .select(sortValueSql(spec).as('sort_value'))
      .$if(withGroups, (q) => q.select(userGroupsJson(selection.table).as('groups_json')))
      .where('tenant_id', '=', selection.tenantId)
      .where(selection.where ?? sql<SqlBool>`1 = 1`);
    if ('after' in window) query = query.where(afterCursorSql(spec, window.after));
    if (backward) query = query.where(beforeCursorSql(spec, window.before));
    const found = await query
      .orderBy(orderBySql(spec, backward))
      .limit(window.limit)
      .offset('offset' in window ? window.offset : 0)
      .execute();
    const placed = found.map(({ sort_value, groups_json, ...row }) => ({
      row: { ...row, doc: this.store.decodeDoc(row.doc) },
      position: { value: sortValueOf(sort_value), id: row.id },
      ...(withGroups ? { groups: userGroupsOf(row.id, groups_json) } : {}),
    }));
    return backward ? placed.reverse() : placed;
  }
}

/** Drivers return numbers and text; a cursor keeps them as JSON. */
function sortValueOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}
