import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { compiledOnce, compiledQuery } from '../../src/store/compiled-once.ts';
import type { StoreDialect } from '../../src/store/dialect/store-dialect.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/open-store.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

// Stores stay open until the last test: the cross-dialect check below uses both.
const stores: StoreDialect[] = [];
const databases: FreshDatabase[] = [];
after(async () => {
  for (const store of stores) await store.close();
  for (const db of databases) await db.drop();
});

for (const dialect of await dialects()) {
  describe(`a query compiled once (${dialect})`, () => {
    let store: StoreDialect;
    before(async () => {
      const db = await freshDatabase(dialect);
      databases.push(db);
      store = openStore({ url: db.url, poolSize: 2 });
      stores.push(store);
      await migrateToLatest(store);
      await sql`insert into tenants (id, slug, name, created_at) values ('t1', 't1', 'One', '2026-01-01T00:00:00Z'), ('t2', 't2', 'Two', '2026-01-01T00:00:00Z')`.execute(
        store.db,
      );
    });

    it('answers each call with its own arguments, constants of the query kept in place', async () => {
      const bySlug = compiledOnce((q: StoreDialect['db'], slug: string, name: string) =>
        q
          .selectFrom('tenants')
          .select(['id', 'slug'])
          .where('slug', '=', slug)
          .where('name', '<>', name)
          .where('created_at', '>', '2000-01-01')
          .orderBy('id'),
      );
      assert.deepEqual(await bySlug(store.db, 't1', 'nobody'), [{ id: 't1', slug: 't1' }]);
      assert.deepEqual(await bySlug(store.db, 't2', 'nobody'), [{ id: 't2', slug: 't2' }]);
      assert.deepEqual(await bySlug(store.db, 't2', 'Two'), [], 'the second argument is its own parameter');
      assert.deepEqual(await store.db.transaction().execute((trx) => bySlug(trx, 't1', 'x')), [
        { id: 't1', slug: 't1' },
      ]);
    });

    it('takes values of any type, in inserts and upserts, each call its own', async () => {
      const bump = compiledQuery((q: StoreDialect['db'], tenantId: string, n: number, step: number) =>
        q
          .insertInto('event_counters')
          .values({ tenant_id: tenantId, last_seq: n, pruned_through: 0 })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ last_seq: sql`event_counters.last_seq + ${step}` }))
          .returning('last_seq'),
      );
      const run = async (tenantId: string, n: number) =>
        Number((await store.db.executeQuery(bump(store.db, tenantId, n, n))).rows[0]!.last_seq);
      assert.equal(await run('t1', 3), 3);
      assert.equal(await run('t1', 4), 7);
      assert.equal(await run('t2', 5), 5, 'another tenant, its own row');
    });

    it('refuses a build that uses an argument twice', async () => {
      const twice = compiledOnce((q: StoreDialect['db'], slug: string) =>
        q.selectFrom('tenants').select('id').where('slug', '=', slug).where('name', '=', slug),
      );
      await assert.rejects(twice(store.db, 't1'), /every argument must appear once/);
    });

    it('refuses a build that does not use every argument as a parameter', async () => {
      const unused = compiledOnce((q: StoreDialect['db'], _slug: string) => q.selectFrom('tenants').select('id'));
      await assert.rejects(unused(store.db, 't1'), /every argument must appear once/);
    });
  });
}

describe(
  'a query compiled once, run on both databases',
  { skip: (await dialects()).length < 2 && 'needs both databases' },
  () => {
    it('is compiled for each, whose SQL differs', async () => {
      const [first, second] = stores;
      assert.ok(first && second && first.kind !== second.kind);
      const q = compiledQuery((db: StoreDialect['db'], slug: string, limit: number) =>
        db.selectFrom('tenants').select('id').where('slug', '=', slug).limit(limit),
      );
      const onFirst = q(first.db, 't1', 1);
      const onSecond = q(second.db, 't2', 1);
      assert.notEqual(onFirst.sql, onSecond.sql, 'a placeholder is ? on SQLite, $1 on PostgreSQL');
      assert.deepEqual((await first.db.executeQuery(onFirst)).rows, [{ id: 't1' }]);
      assert.deepEqual((await second.db.executeQuery(onSecond)).rows, [{ id: 't2' }]);
      assert.deepEqual((await first.db.executeQuery(q(first.db, 't2', 1))).rows, [{ id: 't2' }]);
    });
  },
);
