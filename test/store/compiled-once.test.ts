import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { compiledOnce } from '../../src/store/compiled-once.ts';
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

    it('refuses a build that does not use every argument as a parameter', async () => {
      const unused = compiledOnce((q: StoreDialect['db'], _slug: string) => q.selectFrom('tenants').select('id'));
      await assert.rejects(unused(store.db, 't1'), /every argument must appear once/);
    });
  });
}

describe(
  'a query compiled once for one dialect',
  { skip: (await dialects()).length < 2 && 'needs both databases' },
  () => {
    it('refuses to run on another dialect, whose SQL differs', async () => {
      const [first, second] = stores;
      assert.ok(first && second && first.kind !== second.kind);
      const q = compiledOnce((db: StoreDialect['db'], slug: string) =>
        db.selectFrom('tenants').select('id').where('slug', '=', slug),
      );
      await assert.rejects(
        (async () => {
          await q(first.db, 't1');
          await q(second.db, 't1');
        })(),
        /compiled for one dialect was run on another/,
      );
    });
  },
);
