import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Filter } from '../scim/filter/ast.ts';
import { prepareFilter } from '../scim/filter/prepare-filter.ts';
import type { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { filterToSql } from '../store/filter-sql.ts';
import { afterCursorSql, beforeCursorSql } from '../store/keyset-sql.ts';
import { MembersStore } from '../store/members-store.ts';
import type { GroupRow, UserRow } from '../store/resource-rows.ts';
import { orderBySql, sortSpec, sortValueSql, type SortSpec } from '../store/sort-sql.ts';
import { decodeCursor, encodeCursor, queryKey } from './cursor.ts';
import type { ListPage, ListQuery } from './list-query.ts';
import { renderGroup, renderUser } from './render.ts';
import type { RequestContext } from './request-context.ts';
import { filtersAcross, sortByAcross } from './root-search.ts';
import type { SchemaRegistry } from './schema-registry.ts';
import { ScimError } from '../scim/error.ts';

type Table = 'users' | 'groups';
type Row = (UserRow | GroupRow) & { sort_value: unknown };

/** One page of rows of one resource type, with its paging facts. */
interface RowPage {
  readonly total: number;
  readonly rows: readonly Row[];
  readonly startIndex?: number;
  readonly nextCursor?: string;
  readonly previousCursor?: string;
}

/**
 * Lists and searches: the filter and the sort run in SQL (never by loading rows), with
 * index paging (startIndex/count) or keyset cursors (RFC 9865).
 */
export class ListService {
  private readonly members: MembersStore;

  constructor(
    private readonly store: StoreDialect,
    private readonly schemas: SchemaRegistry,
  ) {
    this.members = new MembersStore(store);
  }

  async users(ctx: RequestContext, q: ListQuery): Promise<ListPage> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    const page = await this.page('users', rs, ctx, q);
    return { ...paging(page), resources: await this.renderUsers(ctx, page.rows as unknown as UserRow[]) };
  }

  async groups(ctx: RequestContext, q: ListQuery): Promise<ListPage> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).group;
    const page = await this.page('groups', rs, ctx, q);
    return { ...paging(page), resources: await this.renderGroups(ctx, page.rows, q.withMembers) };
  }

  /**
   * `POST /.search` at the root: users then groups, each sorted on its own, the filter
   * applied to each with the attributes a type lacks unassigned there (`filtersAcross`).
   * Index paging only.
   */
  async all(ctx: RequestContext, q: ListQuery): Promise<ListPage> {
    if (q.cursor !== undefined) {
      throw new ScimError(400, 'invalidValue', 'Cursor paging is offered per resource type (/Users, /Groups), not at the root');
    }
    const schemas = await this.schemas.forTenant(ctx.tenantId);
    const types = [schemas.user, schemas.group];
    const [userFilter, groupFilter] = filtersAcross(q.filter, types);
    const userSpec = this.spec('users', schemas.user, ctx, { ...q, sortBy: sortByAcross(q.sortBy, schemas.user, types) });
    const groupSpec = this.spec('groups', schemas.group, ctx, { ...q, sortBy: sortByAcross(q.sortBy, schemas.group, types) });
    const userWhere = this.compile('users', schemas.user, ctx, userFilter);
    const groupWhere = this.compile('groups', schemas.group, ctx, groupFilter);
    const start = q.startIndex ?? 1;
    const userTotal = await this.count('users', ctx, userWhere);
    const groupTotal = await this.count('groups', ctx, groupWhere);
    const userLimit = Math.min(q.count, userTotal - (start - 1));
    const fromUsers = await this.rows('users', ctx, userWhere, userSpec, userLimit, start - 1);
    const groupOffset = Math.max(0, start - 1 - userTotal);
    const groupLimit = Math.min(q.count - fromUsers.length, groupTotal - groupOffset);
    const fromGroups = await this.rows('groups', ctx, groupWhere, groupSpec, groupLimit, groupOffset);
    return {
      totalResults: userTotal + groupTotal,
      startIndex: start,
      resources: [
        ...(await this.renderUsers(ctx, fromUsers as unknown as UserRow[])),
        ...(await this.renderGroups(ctx, fromGroups, q.withMembers)),
      ],
    };
  }

  private where(table: Table, rs: ResourceSchema, ctx: RequestContext, filter: string | undefined): RawBuilder<SqlBool> {
    return this.compile(table, rs, ctx, filter === undefined ? undefined : prepareFilter(filter, rs));
  }

  private compile(table: Table, rs: ResourceSchema, ctx: RequestContext, filter: Filter | undefined): RawBuilder<SqlBool> {
    if (filter === undefined) return sql<SqlBool>`1 = 1`;
    return filterToSql(filter, { rs, alias: table, json: this.store.json, baseUrl: ctx.baseUrl });
  }

  private spec(table: Table, rs: ResourceSchema, ctx: RequestContext, q: ListQuery): SortSpec {
    return sortSpec(q.sortBy, q.sortOrder, { rs, alias: table, json: this.store.json, baseUrl: ctx.baseUrl });
  }

  private async count(table: Table, ctx: RequestContext, where: RawBuilder<SqlBool>): Promise<number> {
    const db = this.store.db;
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', ctx.tenantId)
      .where(where)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async rows(
    table: Table,
    ctx: RequestContext,
    where: RawBuilder<SqlBool>,
    spec: SortSpec,
    limit: number,
    offset: number,
    extra?: RawBuilder<SqlBool>,
    reverse = false,
  ): Promise<Row[]> {
    if (limit <= 0) return [];
    const db = this.store.db;
    let query = db
      .selectFrom(table)
      .selectAll()
      .select(sortValueSql(spec).as('sort_value'))
      .where('tenant_id', '=', ctx.tenantId)
      .where(where);
    if (extra) query = query.where(extra);
    const found = await query
      .orderBy(orderBySql(spec, reverse))
      .limit(limit)
      .offset(offset)
      .execute();
    return found.map((r) => ({ ...r, doc: this.store.decodeDoc(r.doc) }));
  }

  private async page(table: Table, rs: ResourceSchema, ctx: RequestContext, q: ListQuery): Promise<RowPage> {
    const where = this.where(table, rs, ctx, q.filter);
    const spec = this.spec(table, rs, ctx, q);
    const total = await this.count(table, ctx, where);
    if (q.cursor === undefined) {
      const start = q.startIndex ?? 1;
      // Past the end there is nothing to read (and a huge offset need not reach the database).
      const rows = start - 1 < total ? await this.rows(table, ctx, where, spec, q.count, start - 1) : [];
      return { total, startIndex: start, rows };
    }
    // Attribute names are case-insensitive and ascending is the default: same order, same key.
    const key = queryKey([table, q.filter, q.sortBy?.toLowerCase(), q.sortOrder ?? 'ascending']);
    const position = (row: Row) => ({ value: normalizeSortValue(row.sort_value), id: row.id });
    if (q.cursor === '') {
      const rows = await this.rows(table, ctx, where, spec, q.count + 1, 0);
      const page = rows.slice(0, q.count);
      const last = page.at(-1);
      return {
        total,
        rows: page,
        ...(rows.length > q.count && last ? { nextCursor: encodeCursor(position(last), 'next', key) } : {}),
      };
    }
    const cursor = decodeCursor(q.cursor, key);
    const forward = cursor.direction === 'next';
    const condition = forward ? afterCursorSql(spec, cursor) : beforeCursorSql(spec, cursor);
    const read = await this.rows(table, ctx, where, spec, q.count + 1, 0, condition, !forward);
    const more = read.length > q.count;
    const page = forward ? read.slice(0, q.count) : read.slice(0, q.count).reverse();
    const first = page[0];
    const last = page.at(-1);
    // Paging forward, rows exist before (we came from them); backward, rows exist after.
    const hasNext = forward ? more : true;
    const hasPrevious = forward ? true : more;
    return {
      total,
      rows: page,
      ...(hasNext
        ? { nextCursor: last ? encodeCursor(position(last), 'next', key) : q.cursor }
        : {}),
      ...(hasPrevious
        ? { previousCursor: first ? encodeCursor(position(first), 'previous', key) : encodeCursor(cursor, 'previous', key) }
        : {}),
    };
  }

  private async renderUsers(ctx: RequestContext, rows: readonly UserRow[]): Promise<Record<string, unknown>[]> {
    const groups = await this.members.groupsOfUsers(ctx.tenantId, rows.map((r) => r.id));
    return rows.map((r) => renderUser(stripSort(r), groups.get(r.id) ?? [], ctx));
  }

  private async renderGroups(ctx: RequestContext, rows: readonly GroupRow[], withMembers: boolean): Promise<Record<string, unknown>[]> {
    const members = withMembers ? await this.members.ofGroups(ctx.tenantId, rows.map((r) => r.id)) : undefined;
    return rows.map((r) => renderGroup(stripSort(r), members?.get(r.id), ctx));
  }
}

function stripSort<T>(row: T & { sort_value?: unknown }): T {
  const { sort_value: _ignored, ...rest } = row;
  return rest as T;
}

/** Drivers return numbers and text; a cursor keeps them as JSON. */
function normalizeSortValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}

function paging(page: RowPage): Omit<ListPage, 'resources'> {
  return {
    totalResults: page.total,
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    ...(page.previousCursor !== undefined ? { previousCursor: page.previousCursor } : {}),
  };
}
