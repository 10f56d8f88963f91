/**
 * What the SQLite statement cache buys the read path: the same point select of a user by
 * id (the query behind `GET /Users/{id}`), through Kysely on one database file, with the
 * cache and without it, in alternating rounds.
 *
 *   npx tsx bench/statement-cache.ts [--users 5000] [--rounds 5] [--queries 10000]
 */
import Sqlite from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../src/store/database.ts';
import { ImmediateSqliteDialect } from '../src/store/dialect/sqlite-immediate.ts';
import { withStatementCache } from '../src/store/dialect/sqlite-statement-cache.ts';
import { installUnicodeLower } from '../src/store/dialect/sqlite-unicode-lower.ts';
import { compareRounds, pointSelectFixture } from './point-select-rounds.ts';

const fixture = await pointSelectFixture();
const open = (size: number): Kysely<Database> => {
  const database = new Sqlite(fixture.file);
  installUnicodeLower(database);
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database, size) }),
  });
};
const cached = open(1000);
const uncached = open(0);
const select = (db: Kysely<Database>) => (i: number) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', fixture.tenantId)
    .where('id', '=', fixture.ids[i % fixture.ids.length]!)
    .executeTakeFirst();
await compareRounds(
  fixture,
  { label: 'with the cache', run: select(cached) },
  { label: 'without the cache', run: select(uncached) },
);
await cached.destroy();
await uncached.destroy();
fixture.remove();
