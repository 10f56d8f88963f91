import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { MAX_PREPARED } from '../../src/store/dialect/postgres-prepared.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { AttributeSchemaRegistry } from '../../src/attributes/attribute-schema-registry.ts';
import { DEFAULT_CUSTOM_SCHEMA_URN } from '../../src/attributes/custom-schema-urn.ts';
import { ListService } from '../../src/provisioning/list-service.ts';
import type { StoreDialect } from '../../src/store/dialect/store-dialect.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

// PostgreSQL only: SQLite's statements are prepared once per text by its own cache
// (src/store/dialect/sqlite-statement-cache.ts, test/store/compiled-once.test.ts).
const onPostgres = (await dialects()).includes('postgres');

describe('PostgreSQL prepared statements', { skip: !onPostgres && 'PostgreSQL not reachable' }, () => {
  let db: FreshDatabase;
  let store: StoreDialect;
  before(async () => {
    db = await freshDatabase('postgres');
    // One connection: pg_prepared_statements shows the statements of the session that reads it.
    store = openStore({ url: db.url, poolSize: 1 });
    await migrateToLatest(store);
  });
  after(async () => {
    await store.close();
    await db.drop();
  });

  const findTenant = (slug: string) =>
    store.db.selectFrom('tenants').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  const prepared = async (like: string): Promise<number> =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pg_prepared_statements where statement like ${like}`.execute(store.db)
    ).rows[0]!.n;

  /** Another instance's migration: a column added to `tenants` through a connection of its own. */
  async function addColumnElsewhere(column: string): Promise<void> {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`alter table tenants add column ${column} text`);
    } finally {
      await other.end();
    }
  }

  it('should prepare a statement on its second run, and run it prepared after', async () => {
    await findTenant('first');
    assert.equal(await prepared('%"slug" = $1%'), 0, 'a statement run once is not prepared');
    await findTenant('second');
    await findTenant('third');
    assert.equal(await prepared('%"slug" = $1%'), 1);
  });

  it("should run a prepared statement again unnamed when a migration changed its table's columns", async () => {
    await store.db
      .insertInto('tenants')
      .values({ id: 't1', slug: 'later', name: 'Later', created_at: new Date().toISOString() })
      .execute();
    const read = () => store.db.selectFrom('tenants').selectAll().where('slug', '=', 'later').execute();
    await read();
    await read();
    assert.equal(await prepared('select * from "tenants"%'), 1);
    // Another instance's migration adds a column: the prepared plan's result no longer fits.
    await addColumnElsewhere('added_later');
    const rows = await read();
    assert.equal(rows.length, 1);
    assert.ok('added_later' in rows[0]!, 'the new column is read');
    assert.equal((await read()).length, 1);
  });

  it('should retry a write transaction whose prepared statement went stale', async () => {
    const read = () =>
      writeTransaction(store, (trx) => trx.selectFrom('tenants').selectAll().where('id', '=', 't1').execute());
    await read();
    await read();
    assert.equal(await prepared('select * from "tenants" where "id"%'), 1);
    await addColumnElsewhere('added_in_transaction');
    const rows = await read();
    assert.ok('added_in_transaction' in rows[0]!, 'the new column is read');
  });

  it('should keep at most MAX_PREPARED statements prepared, those used most recently, deallocating the others', async () => {
    const hot = () => store.db.executeQuery<{ n: number }>(CompiledQuery.raw('select $1::int as n /* hot */', [7]));
    for (let i = 0; i < MAX_PREPARED + 40; i++) {
      assert.equal((await hot()).rows[0]!.n, 7);
      for (let run = 0; run < 2; run++) {
        const { rows } = await store.db.executeQuery<{ n: number }>(
          CompiledQuery.raw(`select $1::int + ${i} as n /* cap */`, [run]),
        );
        assert.equal(rows[0]!.n, run + i);
      }
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(store.db);
    assert.equal(rows[0]!.n, MAX_PREPARED);
    // The statement used all along stays; the first of the others made way for the last.
    assert.equal(await prepared('%/* hot */%'), 1);
    assert.equal(await prepared('%+ 0 as n /* cap */%'), 0);
    assert.equal(await prepared(`%+ ${MAX_PREPARED + 39} as n /* cap */%`), 1);
    // And they still answer, prepared again on their second run.
    for (let run = 0; run < 2; run++) {
      const again = await store.db.executeQuery<{ n: number }>(
        CompiledQuery.raw('select $1::int + 0 as n /* cap */', [5]),
      );
      assert.equal(again.rows[0]!.n, 5);
    }
    assert.equal(await prepared('%+ 0 as n /* cap */%'), 1);
  });

  it("should plan an IdP's lookup once, not on every run", async () => {
    // A fresh instance's state: users written, `groups` never analyzed. PostgreSQL keeps a
    // prepared statement's generic plan only when it costs no more than planning each run;
    // an OFFSET parameter, costed as rows to skip, tipped the lookup to planning every run.
    const own = openStore({ url: db.url, poolSize: 1 });
    try {
      await own.db
        .insertInto('tenants')
        .values({ id: 'lk', slug: 'lookups', name: 'Lookups', created_at: new Date().toISOString() })
        .execute();
      await sql`insert into users (tenant_id, id, user_name, user_name_lower, active, doc, version, created_at, updated_at)
        select 'lk', 'u' || i, 'user' || i, 'user' || i, 1, '{}', 1, '2026-01-01', '2026-01-01'
        from generate_series(1, 200) i`.execute(own.db);
      const lists = new ListService(own, new AttributeSchemaRegistry(own, DEFAULT_CUSTOM_SCHEMA_URN));
      const ctx = { tenantId: 'lk', baseUrl: 'https://roster.test/scim/v2' };
      for (let i = 1; i <= 12; i++) {
        const page = await lists.users(ctx, { filter: `userName eq "USER${i}"`, count: 100, withMembers: false });
        assert.equal(page.totalResults, 1);
      }
      const { rows } = await sql<{ generic: number; custom: number }>`select generic_plans::int as generic,
          custom_plans::int as custom from pg_prepared_statements where statement like '%user_name_lower%'`.execute(
        own.db,
      );
      assert.equal(rows.length, 1, 'the lookup is prepared');
      // The first five runs are planned for their values; then the generic plan is kept.
      assert.ok(rows[0]!.generic > 0, `generic plans ${rows[0]!.generic}, custom plans ${rows[0]!.custom}`);
      assert.ok(rows[0]!.custom <= 5, `custom plans ${rows[0]!.custom}`);
    } finally {
      await own.close();
    }
  });

  it('should prepare nothing when turned off', async () => {
    const plain = openStore({ url: db.url, poolSize: 1, preparedStatements: false });
    try {
      for (let i = 0; i < 3; i++) await plain.db.selectFrom('tenants').select('id').where('slug', '=', 'x').execute();
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(
        plain.db,
      );
      assert.equal(rows[0]!.n, 0);
    } finally {
      await plain.close();
    }
  });
});
