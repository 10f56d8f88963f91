/**
 * `npm run bench`: the machine's raw limits and Roster's scenarios on fresh SQLite and
 * PostgreSQL databases, in one run, each figure also as a ratio to the raw limit measured
 * in the same run. Loopback only; every scenario is bounded in time. See BENCHMARKS.md.
 *
 *   npm run bench -- [--dialects sqlite,postgres] [--pg-url postgres://...] [--seconds 10]
 *                    [--concurrency 32] [--users 20000] [--members 20000] [--scale]
 *                    [--scale-users 1000000] [--out bench/results/<file>.md]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite, type FreshDatabase } from '../scripts/conformance/fresh-database.ts';
import { createTenant, createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { nodeHelloPerSecond, postgresInsertPerSecond, sqliteLimits } from './raw-limits.ts';
import { runFairness } from './run-fairness.ts';
import { peakRss, runScaleSet, runScenarios, type ScenarioResult } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '32' },
    users: { type: 'string', default: '20000' },
    members: { type: 'string', default: '20000' },
    scale: { type: 'boolean', default: false },
    'scale-users': { type: 'string', default: '1000000' },
    out: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const dialects = args.dialects.split(',').map((d) => d.trim());
const date = new Date().toISOString().slice(0, 10);
const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';

console.log(`== raw limits (${seconds} s each)`);
const hello = await nodeHelloPerSecond(concurrency, seconds);
console.log(`node:http hello JSON: ${fmt(hello)}/s`);
const sqlite = sqliteLimits(Math.min(seconds, 5));
console.log(
  `better-sqlite3 insert (WAL, FULL): ${fmt(sqlite.insertPerSecond)}/s; point select ${fmt(sqlite.selectPerSecond)}/s`,
);
const pgInsert = dialects.includes('postgres')
  ? await postgresInsertPerSecond(args['pg-url'], Math.min(seconds, 5))
  : NaN;
if (dialects.includes('postgres')) console.log(`PostgreSQL INSERT round trip: ${fmt(pgInsert)}/s`);

/** What each scenario is quoted against, where the issue asks for a ratio. */
function ratioOf(name: string, dialect: string, perSecond: number): string {
  const base = name.startsWith('GET /Users/{id}')
    ? hello
    : name.startsWith('POST /Users')
      ? dialect === 'sqlite'
        ? sqlite.insertPerSecond
        : pgInsert
      : NaN;
  return Number.isFinite(base) ? `${fmt((perSecond / base) * 100, 1)} %` : '';
}

const results = new Map<string, { results: ScenarioResult[]; peakMiB: number }>();
for (const dialect of dialects) {
  let db: FreshDatabase | undefined;
  let server: Awaited<ReturnType<typeof startRoster>> | undefined;
  try {
    db = dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
    const env = { ROSTER_DATABASE_URL: db.url };
    server = await startRoster(env);
    const token = await createToken(env, 'generic');
    console.log(
      `\n== ${dialect}: ${args.users} users, ${args.members}-member group, ${concurrency} in flight, ${seconds} s a scenario`,
    );
    const settings = { concurrency, seconds, users: Number(args.users), groupMembers: Number(args.members) };
    const { value, peakMiB } = await peakRss(server.pid, async () => {
      const main = await runScenarios(server!.origin, token, settings);
      const scale = args.scale
        ? await runScaleSet(server!.origin, token, {
            ...settings,
            users: Number(args['scale-users']),
            groupMembers: Number(args['scale-users']) - 1,
          })
        : [];
      // Issue #14: another tenant's reads while this token floods.
      await createTenant(env, 'quiet');
      const fair = await runFairness(
        server!.origin,
        token,
        await createToken(env, 'entra', undefined, 'quiet'),
        settings,
      );
      const fairness: ScenarioResult[] = [
        { name: 'fairness: token B (another tenant) GET /Users/{id} alone (1 client)', result: fair.quiet },
        {
          name: `fairness: token B GET /Users/{id} while token A floods (${concurrency} clients)`,
          result: fair.flooded,
        },
        { name: `fairness: token A flood, mixed (${fair.floodThrottled} 429s, counted as 4xx)`, result: fair.flood },
      ];
      return [...main, ...fairness, ...scale];
    });
    for (const { name, result } of value) {
      console.log(
        `${name.padEnd(64)} ${fmt(result.perSecond).padStart(9)}/s  p50 ${fmt(result.p50, 1).padStart(7)} ms  p99 ${fmt(result.p99, 1).padStart(7)} ms` +
          `  errors ${result.errors}${result.clientErrors ? `, 4xx ${result.clientErrors}` : ''}`,
      );
    }
    console.log(`server peak RSS: ${fmt(peakMiB)} MiB`);
    results.set(dialect, { results: value, peakMiB });
  } finally {
    await server?.stop();
    await db?.drop();
  }
}

const lines = [
  `# npm run bench, ${date}`,
  '',
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30)} GiB; Node ${process.version}; server: \`roster serve\` in its own process, load driver in this one (sharing the cores).`,
  `Settings: ${concurrency} requests in flight, ${seconds} s a scenario, ${args.users} users, a ${args.members}-member group${args.scale ? `, scale set of ${args['scale-users']} users` : ''}.`,
  '',
  '| raw limit | per second |',
  '|---|---|',
  `| node:http hello JSON (${concurrency} in flight) | ${fmt(hello)} |`,
  `| better-sqlite3 single-row insert, WAL, synchronous=FULL | ${fmt(sqlite.insertPerSecond)} |`,
  `| better-sqlite3 point select | ${fmt(sqlite.selectPerSecond)} |`,
  ...(Number.isFinite(pgInsert) ? [`| PostgreSQL INSERT round trip (1 connection) | ${fmt(pgInsert)} |`] : []),
  '',
  `| scenario | ${dialects.map((d) => `${d} /s | p50 ms | p99 ms | ratio | errors`).join(' | ')} |`,
  `|---|${dialects.map(() => '---|---|---|---|---').join('|')}|`,
];
const names = [...new Set([...results.values()].flatMap((r) => r.results.map((x) => x.name)))];
for (const name of names) {
  const cells = dialects.map((d) => {
    const r = results.get(d)?.results.find((x) => x.name === name)?.result;
    return r
      ? `${fmt(r.perSecond)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${ratioOf(name, d, r.perSecond)} | ${r.errors + r.clientErrors}`
      : '- | - | - | | -';
  });
  lines.push(`| ${name} | ${cells.join(' | ')} |`);
}
lines.push(
  '',
  `Server peak RSS: ${dialects.map((d) => `${d} ${fmt(results.get(d)?.peakMiB ?? NaN)} MiB`).join(', ')}.`,
  '',
);
const out = args.out ?? `bench/results/${date}-node${process.versions.node.split('.')[0]}.md`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n'));
console.log(`\n${lines.join('\n')}\nwritten to ${out}`);
