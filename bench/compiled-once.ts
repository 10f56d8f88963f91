/**
 * What compiling the fixed-shape lookups once buys: the point select behind `GET
 * /Users/{id}` built and compiled by Kysely on every call, and the same query compiled once
 * (src/store/compiled-once.ts), on one SQLite store (statement cache on), alternating rounds.
 *
 *   npx tsx bench/compiled-once.ts [--users 5000] [--rounds 5] [--queries 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openRoster } from '../src/roster.ts';
import { compiledOnce } from '../src/store/compiled-once.ts';
import type { StoreDialect } from '../src/store/dialect/store-dialect.ts';
import { openStore } from '../src/store/open-store.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '5' },
    queries: { type: 'string', default: '10000' },
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

const store = openStore({ url: file });
const byId = compiledOnce((db: StoreDialect['db'], tenantId: string, id: string) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);
const QUERIES = Number(args.queries);
const built = (i: number) =>
  store.db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenant.id)
    .where('id', '=', ids[i % ids.length]!)
    .executeTakeFirst();
const once = (i: number) => byId(store.db, tenant.id, ids[i % ids.length]!);
async function round(run: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < QUERIES; i++) await run(i);
  return QUERIES / (Number(process.hrtime.bigint() - start) / 1e9);
}
await round(built);
await round(once);
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < Number(args.rounds); r++) {
  a.push(await round(once));
  b.push(await round(built));
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(`node ${process.version}, ${args.users} users, ${QUERIES} queries a round, ${args.rounds} rounds`);
console.log(`compiled once:        ${median(a).toFixed(0)} queries/s (median)`);
console.log(`built on every call:  ${median(b).toFixed(0)} queries/s (median)`);
console.log(`ratio: ${(median(a) / median(b)).toFixed(2)}x`);
await store.close();
rmSync(dir, { recursive: true, force: true });
