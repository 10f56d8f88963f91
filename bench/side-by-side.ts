/**
 * One scenario, this tree against another checkout, in alternating rounds on fresh databases:
 * the ratio of neighbouring rounds is what a change bought, whatever the shared machine's load
 * does meanwhile. Also the server's CPU time a request (from /proc; on PostgreSQL with every
 * postgres process's), which other work on the machine disturbs far less than throughput. Both checkouts run their compiled dist/ (build the baseline first).
 *
 *   npx tsx bench/side-by-side.ts --baseline <checkout> [--scenario get|filter|post|patch|member]
 *                                 [--dialect sqlite|postgres] [--rounds 4] [--seconds 5] [--users 2000]
 *                                 [--node-args "--max-semi-space-size=64"]
 *
 * `--node-args` go to node before this tree's server only: with `--baseline .` it measures a
 * Node or V8 flag against the same code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { drive, HttpClient, type LoadResult } from './load-driver.ts';
import { postgresPids } from './postgres-pids.ts';
import { ingestUsers } from './scenarios.ts';
import { prepareScenario, scenarioSenders } from './single-scenarios.ts';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    dialect: { type: 'string', default: 'sqlite' },
    scenario: { type: 'string', default: 'get' },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '5' },
    users: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    'node-args': { type: 'string', default: '' },
  },
});
if (!args.baseline) throw new Error('--baseline <checkout> is required');
const variants = [
  {
    name: 'this tree',
    bin: fileURLToPath(new URL('../bin/roster.js', import.meta.url)),
    nodeArgs: args['node-args'].split(' ').filter(Boolean),
  },
  { name: 'baseline', bin: join(args.baseline, 'bin/roster.js'), nodeArgs: [] },
];

/** The process's CPU time (user + system) in seconds, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of every PostgreSQL process on the machine (its backends serve this server, and others). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of postgresPids()) {
    try {
      total += cpuSeconds(Number(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** One round: the load result, and the server's CPU time per request in microseconds. */
async function round(
  bin: string,
  nodeArgs: readonly string[],
): Promise<LoadResult & { cpuMicros: number; serverMicros: number }> {
  const db = args.dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
  const env = { ROSTER_DATABASE_URL: db.url };
  const token = await createToken(env, 'generic', bin);
  const server = await startRoster(env, bin, nodeArgs);
  const client = new HttpClient(server.origin, {
    authorization: `Bearer ${token}`,
    'content-type': 'application/scim+json',
  });
  const concurrency = Number(args.concurrency);
  try {
    const run = Math.random().toString(36).slice(2, 8);
    const { ids } = await ingestUsers(client, run, Number(args.users), concurrency);
    const group = await prepareScenario(client, args.scenario, ids);
    const send = scenarioSenders(client, run, ids, (i) => `user${i}.${run}@example.com`, group)[args.scenario];
    if (!send) throw new Error(`unknown --scenario ${args.scenario}`);
    // On PostgreSQL the database's CPU is the server's too: it runs on the same cores.
    const database = () => (args.dialect === 'postgres' ? postgresCpuSeconds() : 0);
    const own = cpuSeconds(server.pid);
    const before = database();
    const result = await drive({ concurrency, seconds: Number(args.seconds), send });
    const micros = (seconds: number): number => (seconds / result.requests) * 1e6;
    const serverMicros = micros(cpuSeconds(server.pid) - own);
    return { ...result, serverMicros, cpuMicros: serverMicros + micros(database() - before) };
  } finally {
    client.close();
    await server.stop();
    await db.drop();
  }
}

const ratios: number[] = [];
const cpuRatios: number[] = [];
for (let r = 0; r < Number(args.rounds); r++) {
  // Alternate which variant goes first, so neither always runs on the warmer machine.
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  const perSecond = new Map<string, number>();
  const cpu = new Map<string, number>();
  for (const variant of order) {
    const result = await round(variant.bin, variant.nodeArgs);
    perSecond.set(variant.name, result.perSecond);
    cpu.set(variant.name, result.cpuMicros);
    console.log(
      `round ${r + 1} ${variant.name}: ${Math.round(result.perSecond)}/s p50 ${result.p50.toFixed(1)} ms p99 ${result.p99.toFixed(1)} ms, server CPU ${Math.round(result.cpuMicros)} µs a request` +
        (args.dialect === 'postgres'
          ? ` (roster ${Math.round(result.serverMicros)}, every postgres process the rest)`
          : '') +
        `, errors ${result.errors + result.clientErrors}`,
    );
  }
  ratios.push(perSecond.get('this tree')! / perSecond.get('baseline')!);
  cpuRatios.push(cpu.get('this tree')! / cpu.get('baseline')!);
}
const median = (xs: number[]): string => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(2);
const list = (xs: number[]): string => xs.map((r) => r.toFixed(2)).join(', ');
console.log(`${args.dialect} ${args.scenario}, this tree / baseline:`);
console.log(`  requests/s per round ${list(ratios)}; median ${median(ratios)}`);
console.log(`  server CPU a request per round ${list(cpuRatios)}; median ${median(cpuRatios)} (below 1: cheaper)`);
