/**
 * Where a scenario's server CPU goes: starts `roster serve` (the compiled dist/) under
 * `node --cpu-prof` on a fresh database seeded with users beforehand, drives one scenario with 32 requests in
 * flight, stops the server and prints the profile's heaviest functions by self time and the
 * share of each package. The .cpuprofile stays in `--out` for Chrome DevTools.
 *
 *   npx tsx bench/profile.ts [--dialect sqlite|postgres] [--scenario get|filter|post|patch|member]
 *                            [--seconds 10] [--users 2000] [--out /tmp/roster-profile] [--top 30]
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { cpuProfileSummary } from './cpu-profile-summary.ts';
import { drive, HttpClient } from './load-driver.ts';
import { defaultTenantId, seedDirectory } from './seed-directory.ts';
import { prepareScenario, scenarioSenders } from './single-scenarios.ts';

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
const { ids } = await seedDirectory(db.url, await defaultTenantId(db.url), Number(args.users), 0);
const server = await startRoster(env, undefined, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
const client = new HttpClient(server.origin, {
  authorization: `Bearer ${token}`,
  'content-type': 'application/scim+json',
});
const concurrency = Number(args.concurrency);
const run = Math.random().toString(36).slice(2, 8);
try {
  const group = await prepareScenario(client, args.scenario, ids);
  const send = scenarioSenders(client, run, ids, (i) => `user${i}@example.com`, group);
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

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${dir}`);
console.log(`\n${cpuProfileSummary(join(dir, file), Number(args.top))}`);
