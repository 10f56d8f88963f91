/**
 * What compiling the fixed-shape lookups once buys: the point select behind `GET
 * /Users/{id}` built and compiled by Kysely on every call, and the same query compiled once
 * (src/store/compiled-once.ts), on one SQLite store (statement cache on), alternating rounds.
 *
 *   npx tsx bench/compiled-once.ts [--users 5000] [--rounds 5] [--queries 10000]
 */
import { compiledOnce } from '../src/store/compiled-once.ts';
import type { StoreDialect } from '../src/store/dialect/store-dialect.ts';
import { openStore } from '../src/store/open-store.ts';
import { compareRounds, pointSelectFixture } from './point-select-rounds.ts';

const fixture = await pointSelectFixture();
const store = openStore({ url: fixture.file });
const byId = compiledOnce((db: StoreDialect['db'], tenantId: string, id: string) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);
const idOf = (i: number): string => fixture.ids[i % fixture.ids.length]!;
await compareRounds(
  fixture,
  { label: 'compiled once', run: (i) => byId(store.db, fixture.tenantId, idOf(i)) },
  {
    label: 'built on every call',
    run: (i) =>
      store.db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', fixture.tenantId)
        .where('id', '=', idOf(i))
        .executeTakeFirst(),
  },
);
await store.close();
fixture.remove();
