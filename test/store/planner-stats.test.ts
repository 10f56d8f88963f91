import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { userGroupsJson } from '../../src/store/user-groups-sql.ts';
import { PlannerStats } from '../../src/store/planner-stats.ts';
import type { StoreDialect } from '../../src/store/dialect/store-dialect.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

const all = await dialects();

describe('planner statistics on SQLite', () => {
  it('should keep the fixed statistics written at open, refreshing nothing', async () => {
    const db = await freshDatabase('sqlite');
    const store = openStore({ url: db.url });
    try {
      await migrateToLatest(store);
      assert.deepEqual(await new PlannerStats(store).runOnce(), []);
      const { rows } = await sql<{
        stat: string;
      }>`select stat from sqlite_stat1 where idx = 'group_members_member'`.execute(store.db);
      assert.deepEqual(rows, [{ stat: '10000000 5000000 10' }]);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});

describe('planner statistics on PostgreSQL', { skip: !all.includes('postgres') && 'PostgreSQL not reachable' }, () => {
  let db: FreshDatabase;
  let store: StoreDialect;
  let other: pg.Client;
  before(async () => {
    db = await freshDatabase('postgres');
    // One connection: a prepared statement and its cached plan belong to the session that made it.
    store = openStore({ url: db.url, poolSize: 1 });
    await migrateToLatest(store);
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
  });
  after(async () => {
    await other.end();
    await store.close();
    await db.drop();
  });

  /** Rows written through `other`: counted in pg_stat_user_tables once that backend reports them. */
  async function untilCounted(table: string, atLeast: number): Promise<void> {
    for (let i = 0; i < 150; i++) {
      const { rows } = await other.query<{ n: string }>(
        `select pg_stat_clear_snapshot(), n_mod_since_analyze as n from pg_stat_user_tables
          where schemaname = current_schema() and relname = $1`,
        [table],
      );
      if (Number(rows[0]?.n ?? 0) >= atLeast) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${table}'s changes were never counted`);
  }

  const page = (tenant: string, after: string) =>
    store.db
      .selectFrom('users')
      .selectAll()
      .select(userGroupsJson('users').as('groups_json'))
      .where('tenant_id', '=', tenant)
      .where('id', '>', after)
      .orderBy('id')
      .limit(101)
      .execute();

  /** The plan the list statement's prepared form would run now, on the store's one connection. */
  async function listPlan(tenant: string): Promise<string> {
    const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements
        where statement like '%groups_json%' and statement not like '%pg_prepared_statements%'`.execute(store.db);
    assert.equal(rows.length, 1, 'the list statement is prepared');
    const plan = await sql<{
      'QUERY PLAN': string;
    }>`explain execute ${sql.raw(rows[0]!.name)}(${sql.lit(tenant)}, '', 101)`.execute(store.db);
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it('should make a plan frozen while group_members was empty read memberships by member once analyzed', async () => {
    await other.query(`insert into tenants (id, slug, name, created_at) values ('t', 't', 'T', '2026-01-01')`);
    await other.query(
      `insert into users (tenant_id, id, user_name, user_name_lower, active, doc, version, created_at, updated_at)
       select 't', 'u' || lpad(i::text, 5, '0'), 'user' || i, 'user' || i, 1, '{}', 1, '2026-01-01', '2026-01-01'
       from generate_series(1, 2000) i`,
    );
    // Seven runs with no memberships: from the sixth, PostgreSQL keeps a generic plan.
    for (let i = 0; i < 7; i++) await page('t', '');
    await other.query(`insert into groups (tenant_id, id, display_name, doc, version, created_at, updated_at)
       values ('t', 'g', 'G', '{}', 1, '2026-01-01', '2026-01-01')`);
    await other.query(`insert into group_members (tenant_id, group_id, member_id, member_type)
       select 't', 'g', id, 'User' from users where tenant_id = 't'`);
    await untilCounted('group_members', 2000);
    assert.match(
      await listPlan('t'),
      /group_members_pk/,
      'the kept plan reads every membership of the tenant through the primary key (no statistics yet)',
    );

    const refreshed = await new PlannerStats(store).runOnce();
    assert.ok(refreshed.includes('group_members'), `refreshed: ${refreshed.join(', ')}`);
    assert.ok(refreshed.includes('users'));
    assert.ok(!refreshed.includes('tenants'), 'one row changed: below the threshold');
    const plan = await listPlan('t');
    assert.match(plan, /group_members_member/);
    assert.doesNotMatch(plan, /group_members_pk/);
    assert.equal((await page('t', '')).length, 101);
    assert.deepEqual(await new PlannerStats(store).runOnce(), [], 'nothing changed since');
  });

  it('should leave the work to another instance doing it', async () => {
    await other.query(
      `insert into users (tenant_id, id, user_name, user_name_lower, active, doc, version, created_at, updated_at)
       select 't', 'v' || i, 'v' || i, 'v' || i, 1, '{}', 1, '2026-01-01', '2026-01-01' from generate_series(1, 1000) i`,
    );
    await untilCounted('users', 1000);
    await other.query('begin');
    try {
      await other.query(`select pg_advisory_xact_lock(hashtext('roster.planner-stats'))`);
      assert.deepEqual(await new PlannerStats(store).runOnce(), []);
    } finally {
      await other.query('rollback');
    }
    assert.deepEqual(await new PlannerStats(store).runOnce(), ['users']);
  });
});
