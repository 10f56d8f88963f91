import { sql, type Kysely } from 'kysely';
import { compiledOnce } from './compiled-once.ts';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { MemberRow, UserGroupRow } from './resource-rows.ts';

const PAGE = 5000;

/** Reads of membership rows, with what to display for each member. */
export class MembersStore {
  /** The groups of one user, on every read and write of a user: compiled once (see compiledOnce). */
  private readonly groupsOfOne = compiledOnce((db: Kysely<Database>, tenantId: string, userId: string) =>
    groupsOfUsersQuery(db, tenantId).where('gm.member_id', '=', userId),
  );

  constructor(private readonly store: StoreDialect) {}

  private membersQuery(tenantId: string, via: Kysely<Database> = this.store.db) {
    return via
      .selectFrom('group_members as gm')
      .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'gm.tenant_id').onRef('u.id', '=', 'gm.member_id'))
      .leftJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'gm.tenant_id').onRef('g.id', '=', 'gm.member_id'))
      .select([
        'gm.group_id',
        'gm.member_id',
        'gm.member_type',
        sql<string | null>`coalesce(u.display_name, u.user_name, g.display_name)`.as('display'),
      ])
      .where('gm.tenant_id', '=', tenantId);
  }

  /**
   * A group's members in pages, ordered by member id. Reads a page at a time, so a group
   * of a million members streams in constant memory. `via`: a transaction to read in.
   */
  async *iterate(tenantId: string, groupId: string, via?: Kysely<Database>): AsyncGenerator<MemberRow[]> {
    let after: string | undefined;
    for (;;) {
      let query = this.membersQuery(tenantId, via).where('gm.group_id', '=', groupId);
      if (after !== undefined) query = query.where('gm.member_id', '>', after);
      const rows = await query.orderBy('gm.member_id').limit(PAGE).execute();
      if (rows.length > 0) yield rows;
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]?.member_id;
    }
  }

  /**
   * One page of a group's members ordered by member id, those after `after`: a range of the
   * (tenant_id, group_id, member_id) primary key, so its cost does not grow with the group.
   *
   * @example await members.page(tenantId, groupId, lastMemberIdOfPreviousPage, 101)
   */
  async page(tenantId: string, groupId: string, after: string | undefined, limit: number): Promise<MemberRow[]> {
    let query = this.membersQuery(tenantId).where('gm.group_id', '=', groupId);
    if (after !== undefined) query = query.where('gm.member_id', '>', after);
    return query.orderBy('gm.member_id').limit(limit).execute();
  }

  /** The groups each user directly belongs to; keyed by user id. `via`: a transaction to read in. */
  async groupsOfUsers(
    tenantId: string,
    userIds: readonly string[],
    via: Kysely<Database> = this.store.db,
  ): Promise<Map<string, UserGroupRow[]>> {
    const byUser = new Map<string, UserGroupRow[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return byUser;
    const rows =
      // The compiled statement belongs to the main connection's dialect (compiledOnce).
      userIds.length === 1 && via === this.store.db
        ? await this.groupsOfOne(via, tenantId, userIds[0]!)
        : await groupsOfUsersQuery(via, tenantId).where('gm.member_id', 'in', userIds).execute();
    for (const row of rows) byUser.get(row.member_id)?.push(row);
    return byUser;
  }
}

/** The direct groups of users, by group name: what a user's `groups` shows. */
function groupsOfUsersQuery(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('group_members as gm')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'gm.tenant_id').onRef('g.id', '=', 'gm.group_id'))
    .select(['gm.member_id', 'gm.group_id', 'g.display_name as display'])
    .where('gm.tenant_id', '=', tenantId)
    .orderBy('g.display_name');
}
