/**
 * Where a scenario's server CPU goes: starts `roster serve` (the compiled dist/) under
 * `node --cpu-prof` on a fresh database seeded with users beforehand, drives one scenario with 32 requests in
 * flight, stops the server and prints the profile's heaviest functions by self time and the
 * share of each package. The .cpuprofile stays in `--out` for Chrome DevTools.
 *
 *   npx tsx bench/profile.ts [--dialect sqlite|postgres] [--scenario get|filter|post|patch]
 *                            [--seconds 10] [--users 2000] [--out /tmp/roster-profile] [--top 30]
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { drive, HttpClient } from './load-driver.ts';
import { openStore } from '../src/store/open-store.ts';
import { seedDirectory } from './seed-directory.ts';
import { scenarioSenders } from './single-scenarios.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    scenario: { type: 'string', default: 'get' },
    seconds: { type: 'string', default: '10' },
    users: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    out: { type: 'string', default: '/tmp/roster-profile' },
    top: { type: 'string', default: '30' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
  },
});

const dir = join(args.out, `${args.dialect}-${args.scenario}-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const db = args.dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
const env = { ROSTER_DATABASE_URL: db.url };
const token = await createToken(env, 'generic');
// Seeded through a store of its own, before the server starts: the profile holds the scenario only.
const store = openStore({ url: db.url, poolSize: 1 });
const tenant = await store.db
  .selectFrom('tenants')
  .select('id')
  .where('slug', '=', 'default')
  .executeTakeFirstOrThrow();
await store.close();
const { ids } = await seedDirectory(db.url, tenant.id, Number(args.users), 0);
const server = await startRoster(env, undefined, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
const client = new HttpClient(server.origin, {
  authorization: `Bearer ${token}`,
  'content-type': 'application/scim+json',
});
const concurrency = Number(args.concurrency);
const run = Math.random().toString(36).slice(2, 8);
try {
  const send = scenarioSenders(client, run, ids, (i) => `user${i}@example.com`);
  const scenario = send[args.scenario];
  if (!scenario) throw new Error(`unknown --scenario ${args.scenario}`);
  const result = await drive({ concurrency, seconds: Number(args.seconds), send: scenario });
  console.log(
    `${args.dialect} ${args.scenario}: ${Math.round(result.perSecond)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors + result.clientErrors}`,
  );
} finally {
  client.close();
  await server.stop();
  await db.drop();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  if (hits === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|dist|src)\//, '$1/');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.includes('/dist/')
      ? 'roster (dist)'
      : url.startsWith('node:')
        ? 'node core'
        : url === ''
          ? `(${functionName})`
          : 'other');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
}
// Inclusive time of Roster's own functions (dist/): a node's subtree, counted once per call
// chain even where the function recurses.
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusive = new Map<string, number>();
const keyOf = (node: ProfileNode): string | undefined =>
  node.callFrame.url.includes('/dist/')
    ? `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/dist\//, 'dist/')}:${node.callFrame.lineNumber + 1}`
    : undefined;
const walk = (node: ProfileNode, open: Set<string>): number => {
  const key = keyOf(node);
  const entered = key !== undefined && !open.has(key);
  if (entered) open.add(key);
  let hits = node.hitCount ?? 0;
  for (const child of node.children ?? []) hits += walk(byId.get(child)!, open);
  if (entered) {
    open.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
  }
  return hits;
};
walk(profile.nodes[0]!, new Set());
const pct = (n: number): string => `${((n / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`\nself time by package (${total} samples; ${dir}/${file}):`);
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(v)}  ${k}`);
console.log('\nheaviest functions by self time:');
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top)))
  console.log(`${pct(v)}  ${k}`);
console.log("\nRoster's functions by inclusive time:");
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top)))
  console.log(`${pct(v)}  ${k}`);
