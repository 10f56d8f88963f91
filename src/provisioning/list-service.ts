import { ScimError } from '../scim/error.ts';
import { prepareFilter } from '../scim/filter/prepare-filter.ts';
import type { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { MembersStore } from '../store/members-store.ts';
import {
  ResourceListStore,
  type PlacedRow,
  type ResourceRowOf,
  type ResourceTable,
} from '../store/resource-list-store.ts';
import type { GroupRow, UserRow } from '../store/resource-rows.ts';
import { decodeListCursor, encodeListCursor, queryKey } from './cursor.ts';
import type { ListPage, ListQuery } from './list-query.ts';
import { memberPages } from './member-pages.ts';
import { renderGroup, renderUser } from './render.ts';
import type { RequestContext } from './request-context.ts';
import { filtersAcross, sortByAcross } from './root-search.ts';
import type { SchemaRegistry } from './schema-registry.ts';

/** One page of rows of one resource type, with its paging facts. */
interface RowPage<R> {
  readonly total: number;
  readonly rows: readonly R[];
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
  private readonly lists: ResourceListStore;

  constructor(
    store: StoreDialect,
    private readonly schemas: SchemaRegistry,
  ) {
    this.members = new MembersStore(store);
    this.lists = new ResourceListStore(store);
  }

  async users(ctx: RequestContext, q: ListQuery): Promise<ListPage> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    const page = await this.page('users', rs, ctx, q);
    return { ...paging(page), resources: await this.renderUsers(ctx, page.rows) };
  }

  async groups(ctx: RequestContext, q: ListQuery): Promise<ListPage> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).group;
    const page = await this.page('groups', rs, ctx, q);
    return { ...paging(page), resources: this.renderGroups(ctx, page.rows), ...this.memberPagesFor(ctx, q) };
  }

  /**
   * `POST /.search` at the root: users then groups, each sorted on its own, the filter
   * applied to each with the attributes a type lacks unassigned there (`filtersAcross`).
   * Index paging only.
   */
  async all(ctx: RequestContext, q: ListQuery): Promise<ListPage> {
    if (q.cursor !== undefined) {
      throw new ScimError(
        400,
        'invalidValue',
        'Cursor paging is offered per resource type (/Users, /Groups), not at the root',
      );
    }
    const schemas = await this.schemas.forTenant(ctx.tenantId);
    const types = [schemas.user, schemas.group];
    const [userFilter, groupFilter] = filtersAcross(q.filter, types);
    const order = { tenantId: ctx.tenantId, baseUrl: ctx.baseUrl, sortOrder: q.sortOrder };
    const users = this.lists.select('users', schemas.user, {
      ...order,
      filter: userFilter,
      sortBy: sortByAcross(q.sortBy, schemas.user, types),
    });
    const groups = this.lists.select('groups', schemas.group, {
      ...order,
      filter: groupFilter,
      sortBy: sortByAcross(q.sortBy, schemas.group, types),
    });
    const start = q.startIndex ?? 1;
    const userTotal = await this.lists.count(users);
    const groupTotal = await this.lists.count(groups);
    const fromUsers = await this.lists.read(users, {
      limit: Math.min(q.count, userTotal - (start - 1)),
      offset: start - 1,
    });
    const groupOffset = Math.max(0, start - 1 - userTotal);
    const groupLimit = Math.min(q.count - fromUsers.length, groupTotal - groupOffset);
    const fromGroups = await this.lists.read(groups, { limit: groupLimit, offset: groupOffset });
    return {
      totalResults: userTotal + groupTotal,
      startIndex: start,
      resources: [...(await this.renderUsers(ctx, fromUsers)), ...this.renderGroups(ctx, fromGroups)],
      ...this.memberPagesFor(ctx, q),
    };
  }

  private async page<T extends ResourceTable>(
    table: T,
    rs: ResourceSchema,
    ctx: RequestContext,
    q: ListQuery,
  ): Promise<RowPage<PlacedRow<ResourceRowOf<T>>>> {
    const filter = q.filter === undefined ? undefined : prepareFilter(q.filter, rs);
    const selection = this.lists.select(table, rs, {
      tenantId: ctx.tenantId,
      baseUrl: ctx.baseUrl,
      filter,
      sortBy: q.sortBy,
      sortOrder: q.sortOrder,
    });
    if (q.cursor === undefined) {
      const start = q.startIndex ?? 1;
      if (start === 1 && q.count > 0) {
        // A first page with room to spare holds every match: its length is the total, no
        // count needed (a filter by userName or externalId, an IdP's every lookup).
        const rows = await this.lists.read(selection, { limit: q.count, offset: 0 });
        const total = rows.length < q.count ? rows.length : await this.lists.count(selection);
        return { total, startIndex: start, rows };
      }
      const total = await this.lists.count(selection);
      // Past the end there is nothing to read (and a huge offset need not reach the database).
      const rows = start - 1 < total ? await this.lists.read(selection, { limit: q.count, offset: start - 1 }) : [];
      return { total, startIndex: start, rows };
    }
    // Attribute names are case-insensitive and ascending is the default: same order, same key.
    const key = queryKey([table, q.filter, q.sortBy?.toLowerCase(), q.sortOrder ?? 'ascending']);
    if (q.cursor === '') {
      const rows = await this.lists.read(selection, { limit: q.count + 1, offset: 0 });
      const page = rows.slice(0, q.count);
      const last = page.at(-1);
      return {
        total: rows.length <= q.count ? rows.length : await this.lists.count(selection),
        rows: page,
        ...(rows.length > q.count && last ? { nextCursor: encodeListCursor(last.position, 'next', key) } : {}),
      };
    }
    const total = await this.lists.count(selection);
    const cursor = decodeListCursor(q.cursor, key);
    const forward = cursor.direction === 'next';
    // One row more than the page: whether there are more beyond it.
    const read = await this.lists.read(
      selection,
      forward ? { limit: q.count + 1, after: cursor } : { limit: q.count + 1, before: cursor },
    );
    const more = read.length > q.count;
    const page = forward ? read.slice(0, q.count) : read.slice(Math.max(0, read.length - q.count));
    const first = page[0];
    const last = page.at(-1);
    // Paging forward, rows exist before (we came from them); backward, rows exist after.
    const hasNext = forward ? more : true;
    const hasPrevious = forward ? true : more;
    return {
      total,
      rows: page,
      ...(hasNext ? { nextCursor: last ? encodeListCursor(last.position, 'next', key) : q.cursor } : {}),
      ...(hasPrevious
        ? {
            previousCursor: first
              ? encodeListCursor(first.position, 'previous', key)
              : encodeListCursor(cursor, 'previous', key),
          }
        : {}),
    };
  }

  private async renderUsers(
    ctx: RequestContext,
    placed: readonly PlacedRow<UserRow>[],
  ): Promise<Record<string, unknown>[]> {
    const unread = placed.filter((p) => p.groups === undefined).map((p) => p.row.id);
    const groups = await this.members.groupsOfUsers(ctx.tenantId, unread);
    return placed.map((p) => renderUser(p.row, p.groups ?? groups.get(p.row.id) ?? [], ctx));
  }

  /** Groups without their members: a response that shows members streams them (see ListPage). */
  private renderGroups(ctx: RequestContext, placed: readonly PlacedRow<GroupRow>[]): Record<string, unknown>[] {
    return placed.map(({ row }) => renderGroup(row, undefined, ctx));
  }

  private memberPagesFor(ctx: RequestContext, q: ListQuery): Pick<ListPage, 'memberPages'> {
    if (!q.withMembers) return {};
    return { memberPages: (groupId: string) => memberPages(this.members, ctx, groupId) };
  }
}

function paging(page: RowPage<unknown>): Omit<ListPage, 'resources'> {
  return {
    totalResults: page.total,
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    ...(page.previousCursor !== undefined ? { previousCursor: page.previousCursor } : {}),
  };
}
