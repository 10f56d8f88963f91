import { sql, type Kysely } from 'kysely';

/**
 * Planner statistics for SQLite, written once after migrating. Without them SQLite
 * guesses that `tenant_id = ?` is selective and, for example, walks the whole tenant
 * through the primary key to avoid sorting rather than look one externalId up (170 ms
 * instead of 0.6 ms at 100,000 users). These figures describe the shape Roster is built
 * for (few tenants, many users, big groups) rather than the data of the day, so plans do
 * not flip as a fresh database fills up. Each row: total rows, then rows per distinct
 * prefix of the index's columns.
 */
const STATS: readonly [table: string, index: string, stat: string][] = [
  ['users', 'sqlite_autoindex_users_1', '1000000 500000 1'],
  ['users', 'users_user_name', '1000000 500000 1'],
  ['users', 'users_external_id', '1000000 500000 2'],
  ['users', 'users_display_name', '1000000 500000 2'],
  ['users', 'users_updated_at', '1000000 500000 2'],
  ['groups', 'sqlite_autoindex_groups_1', '100000 50000 1'],
  ['groups', 'groups_external_id', '100000 50000 2'],
  ['groups', 'groups_display_name', '100000 50000 2'],
  ['groups', 'groups_updated_at', '100000 50000 2'],
  ['group_members', 'sqlite_autoindex_group_members_1', '10000000 5000000 1000 1'],
  ['group_members', 'group_members_member', '10000000 5000000 10'],
];

export async function writePlannerStats<DB>(db: Kysely<DB>): Promise<void> {
  await sql`analyze sqlite_schema`.execute(db);
  // One transaction, so two processes starting at once do not interleave their rows.
  await db.transaction().execute(async (trx) => {
    await sql`delete from sqlite_stat1 where tbl in ('users', 'groups', 'group_members')`.execute(trx);
    for (const [table, index, stat] of STATS) {
      await sql`insert into sqlite_stat1 (tbl, idx, stat) values (${table}, ${index}, ${stat})`.execute(trx);
    }
  });
  // Load the figures into this connection's planner.
  await sql`analyze sqlite_schema`.execute(db);
}
