import { sql, type CompiledQuery, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Filter } from '../scim/filter/ast.ts';
import { userNameKey } from '../scim/resource/user-name-key.ts';
import type { AttributePath, ResourceSchema } from '../scim/schema/resource-schema.ts';
import { compiledQuery } from './compiled-once.ts';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { filterToSql, type FilterSqlContext } from './filter-sql.ts';
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
  /** Set when the filter is a lookup ({@link LOOKUP_KEYS}): its page is read by a statement compiled once. */
  readonly lookup?: Lookup;
}

/** An `attr eq "value"` filter on an indexed column, in the default order. */
interface Lookup {
  readonly path: AttributePath;
  /** The attribute's name in lower case: which statement reads it. */
  readonly attr: string;
  /** The value as the query compares it (a userName's key). */
  readonly key: string;
  readonly target: FilterSqlContext;
}

const same = (value: string): string => value;

/**
 * The filters identity providers send to find one resource before they create or change it
 * (`userName eq "…"`, `externalId eq "…"`, a group's `displayName eq "…"`), and what
 * filterToSql makes of their value before it becomes the query's parameter: the compiled
 * statement receives that. test/http/scim/lookup-filters.test.ts compares every answer
 * with the same filter read the general way.
 */
const LOOKUP_KEYS: Readonly<Record<ResourceTable, Readonly<Record<string, (value: string) => string>>>> = {
  users: { username: userNameKey, externalid: same, id: same },
  groups: { displayname: same, externalid: same, id: same },
};

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
  /** The statement reading each lookup's page, by table and attribute (see compiledQuery). */
  private readonly lookupReads = new Map<string, LookupRead>();

  constructor(private readonly store: StoreDialect) {}

  /**
   * Compiles a request for one resource type.
   *
   * @throws ScimError 400 invalidFilter or invalidValue for a filter or sortBy the type cannot take.
   */
  select<T extends ResourceTable>(table: T, rs: ResourceSchema, request: ListRequest): Selection<T> {
    const target = { rs, alias: table, json: this.store.json, baseUrl: request.baseUrl };
    const { filter } = request;
    const spec = sortSpec(request.sortBy, request.sortOrder, target);
    const lookup = request.sortBy === undefined && request.sortOrder === undefined && lookupOf(table, filter, target);
    if (!lookup || filter === undefined) {
      return { table, tenantId: request.tenantId, where: filter && filterToSql(filter, target), spec };
    }
    // Built only if the page is full and the matches must be counted.
    let where: RawBuilder<SqlBool> | undefined;
    return {
      table,
      tenantId: request.tenantId,
      get where() {
        return (where ??= filterToSql(filter, target));
      },
      spec,
      lookup,
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
    const backward = 'before' in window;
    const withGroups = selection.table === 'users' && !this.store.inProcess;
    const { lookup } = selection;
    // Both reads select the table's columns, the sort value and (withGroups) the groups.
    const found = (
      lookup !== undefined && 'offset' in window
        ? (
            await this.store.db.executeQuery(
              this.lookupRead(selection, lookup)(
                this.store.db,
                selection.tenantId,
                lookup.key,
                window.limit,
                window.offset,
              ),
            )
          ).rows
        : await readQuery(this.store.db, selection, window, withGroups).execute()
    ) as readonly ReadRow[];
    const placed = found.map(({ sort_value, groups_json, ...row }) => ({
      row: { ...row, doc: this.store.decodeDoc(row.doc) } as ResourceRowOf<T>,
      position: { value: sortValueOf(sort_value), id: row.id },
      ...(withGroups ? { groups: userGroupsOf(row.id, groups_json) } : {}),
    }));
    return backward ? placed.reverse() : placed;
  }

  /** A lookup's statements: one for a first page, one for the pages after it (see readQuery's OFFSET). */
  private lookupRead(selection: Selection<ResourceTable>, lookup: Lookup): LookupRead {
    const name = `${selection.table}.${lookup.attr}`;
    let read = this.lookupReads.get(name);
    if (read === undefined) {
      const { table, spec } = selection;
      const withGroups = table === 'users' && !this.store.inProcess;
      const of = (tenantId: string, key: string): Selection<ResourceTable> => ({
        table,
        tenantId,
        spec,
        where: filterToSql(lookupFilter(lookup.path, key), lookup.target),
      });
      const first = compiledQuery((db: Kysely<Database>, tenantId: string, key: string, limit: number) =>
        readQuery(db, of(tenantId, key), { limit, offset: 0 }, withGroups),
      );
      const later = compiledQuery(
        (db: Kysely<Database>, tenantId: string, key: string, limit: number, offset: number) =>
          readQuery(db, of(tenantId, key), { limit, offset }, withGroups),
      );
      read = (db, tenantId, key, limit, offset) =>
        offset > 0 ? later(db, tenantId, key, limit, offset) : first(db, tenantId, key, limit);
      this.lookupReads.set(name, read);
    }
    return read;
  }
}

/** A row as a read returns it: a user's or group's columns, its sort value and (withGroups) its groups. */
type ReadRow = Record<string, unknown> & { id: string; doc: unknown; sort_value: unknown; groups_json?: unknown };
type LookupRead = (
  db: Kysely<Database>,
  tenantId: string,
  key: string,
  limit: number,
  offset: number,
) => CompiledQuery<unknown>;

/** The filter a lookup compiles to, with `key` in place of the value. */
function lookupFilter(path: AttributePath, key: string): Filter {
  return { kind: 'compare', path, op: 'eq', value: key };
}

/** The lookup a filter is, when it is one (see LOOKUP_KEYS). */
function lookupOf(table: ResourceTable, filter: Filter | undefined, target: FilterSqlContext): Lookup | undefined {
  if (filter?.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { path, value } = filter;
  // A NUL is refused by filterToSql (400): the general path says so.
  if (path.uri !== undefined || path.sub !== undefined || value.includes('\u0000')) return undefined;
  const attr = path.attr.toLowerCase();
  const key = LOOKUP_KEYS[table][attr];
  return key === undefined ? undefined : { path, attr, key: key(value), target };
}

/** The read of a window of a selection, in its sort order. */
function readQuery(db: Kysely<Database>, selection: Selection<ResourceTable>, window: ReadWindow, withGroups: boolean) {
  const { spec } = selection;
  const backward = 'before' in window;
  let query = db
    .selectFrom(selection.table)
    .selectAll()
    .select(sortValueSql(spec).as('sort_value'))
    .$if(withGroups, (q) => q.select(userGroupsJson(selection.table).as('groups_json')))
    .where('tenant_id', '=', selection.tenantId)
    .where(selection.where ?? sql<SqlBool>`1 = 1`);
  if ('after' in window) query = query.where(afterCursorSql(spec, window.after));
  if (backward) query = query.where(beforeCursorSql(spec, window.before));
  query = query.orderBy(orderBySql(spec, backward)).limit(window.limit);
  // No OFFSET clause for a first page or a cursor's: PostgreSQL costs an OFFSET parameter as
  // rows to skip, which made a prepared lookup's generic plan look dearer than planning every
  // run, so it planned every run (BENCHMARKS.md, "PostgreSQL: a lookup planned on every run").
  return 'offset' in window && window.offset !== 0 ? query.offset(window.offset) : query;
}

/** Drivers return numbers and text; a cursor keeps them as JSON. */
function sortValueOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}
