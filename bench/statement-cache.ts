/**
 * What the SQLite statement cache buys the read path: the same point select of a user by
 * id (the query behind `GET /Users/{id}`), through Kysely on one database file, with the
 * cache and without it, in alternating rounds so that machine noise hits both alike.
 *
 *   npx tsx bench/statement-cache.ts [--users 20000] [--rounds 6] [--queries 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { openRoster } from '../src/roster.ts';
import type { Database } from '../src/store/database.ts';
import { ImmediateSqliteDialect } from '../src/store/dialect/sqlite-immediate.ts';
import { withStatementCache } from '../src/store/dialect/sqlite-statement-cache.ts';
import { installUnicodeLower } from '../src/store/dialect/sqlite-unicode-lower.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '6' },
    queries: { type: 'string', default: '20000' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
const file = join(dir, 'bench.db');
const roster = await openRoster({ databaseUrl: file });
const tenant = (await roster.tenants.findBySlug('default'))!;
const ctx = { tenantId: tenant.id, baseUrl: 'http://bench' };
const ids: string[] = [];
for (let i = 0; i < Number(args.users); i++) {
  ids.push((await roster.users.create(ctx, { userName: `u${i}@example.com`, active: true })).resource.id as string);
}
await roster.close();

const open = (size: number): Kysely<Database> => {
  const database = new Sqlite(file);
  installUnicodeLower(database);
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database, size) }),
  });
};
const cached = open(1000);
const uncached = open(0);
const QUERIES = Number(args.queries);
async function round(db: Kysely<Database>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < QUERIES; i++) {
    await db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', ids[i % ids.length]!)
      .executeTakeFirst();
  }
  return QUERIES / (Number(process.hrtime.bigint() - start) / 1e9);
}
await round(cached);
await round(uncached);
const withCache: number[] = [];
const without: number[] = [];
for (let r = 0; r < Number(args.rounds); r++) {
  withCache.push(await round(cached));
  without.push(await round(uncached));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`node ${process.version}, ${args.users} users, ${QUERIES} queries a round, ${args.rounds} rounds`);
console.log(`with the cache:    ${median(withCache).toFixed(0)} queries/s (median)`);
console.log(`without the cache: ${median(without).toFixed(0)} queries/s (median)`);
console.log(`ratio: ${(median(withCache) / median(without)).toFixed(2)}x`);
await cached.destroy();
await uncached.destroy();
rmSync(dir, { recursive: true, force: true });
