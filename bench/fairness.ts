/**
 * Fairness under a flood (issue #14): one token floods a `roster serve` with 32 clients and
 * no pause while a token of another tenant reads one user at a time, alone and during the
 * flood. Each variant (a per-token in-flight limit, on this checkout or on `--baseline`'s)
 * gets a fresh server and database per round; the variants alternate within each round, so
 * the machine's noise hits them alike, and each one's latencies are pooled over its rounds.
 *
 *   npx tsx bench/fairness.ts [--dialect sqlite|postgres] [--pg-url postgres://...]
 *                             [--in-flight 8,8/4,10000] [--baseline <checkout>] [--rounds 3]
 *                             [--windows 2] [--concurrency 32] [--seconds 5]
 *                             [--node-args "--max-semi-space-size=64"]
 *
 * Each `--in-flight` value is a per-token limit, `max` or `max/shared`
 * (ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN, ROSTER_SCIM_SHARED_IN_FLIGHT_PER_TOKEN; `8` alone is 8 at
 * all times). `--baseline` runs another checkout's `bin/roster.js` (its dist/ built, `npm run build`)
 * with the same limits, e.g. a worktree of main before a change. `--node-args` adds a variant:
 * this checkout with those arguments to node before the server (a Node or V8 flag).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createTenant, createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { percentiles } from './load-driver.ts';
import { runFairness } from './run-fairness.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    'in-flight': { type: 'string', default: '8,10000' },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    windows: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    'node-args': { type: 'string', default: '' },
  },
});

interface Variant {
  readonly name: string;
  readonly bin: string | undefined;
  readonly inFlight: string;
  readonly nodeArgs?: readonly string[];
}
interface Pooled {
  quietMs: number[];
  floodedMs: number[];
  ratios: number[];
  floodPerSecond: number[];
  floodThrottled: number;
  floodErrors: number;
  quietBad: number;
}

const baseline = args.baseline ? join(args.baseline, 'bin', 'roster.js') : undefined;
if (baseline !== undefined && !existsSync(baseline)) throw new Error(`no ${baseline}`);
const nodeArgs = args['node-args'].split(' ').filter(Boolean);
const variants: Variant[] = args['in-flight']
  .split(',')
  .flatMap((inFlight) => [
    { name: `this tree, ${inFlight} in flight`, bin: undefined, inFlight },
    ...(nodeArgs.length > 0
      ? [{ name: `${nodeArgs.join(' ')}, ${inFlight}`, bin: undefined, inFlight, nodeArgs }]
      : []),
    ...(baseline ? [{ name: `baseline, ${inFlight} in flight`, bin: baseline, inFlight }] : []),
  ]);
const settings = {
  concurrency: Number(args.concurrency),
  seconds: Number(args.seconds),
  windows: Number(args.windows),
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

console.log(
  `${args.dialect}: token A floods with ${args.concurrency} clients; token B (another tenant) reads one user at a time, ` +
    `${args.windows} windows of ${args.seconds} s alone and flooded per round, ${args.rounds} rounds; load average ${load()}`,
);
const pooled = new Map<string, Pooled>(
  variants.map((v) => [
    v.name,
    { quietMs: [], floodedMs: [], ratios: [], floodPerSecond: [], floodThrottled: 0, floodErrors: 0, quietBad: 0 },
  ]),
);
for (let round = 1; round <= Number(args.rounds); round++) {
  for (const variant of variants) {
    const db = args.dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
    const [max = '8', shared = max] = variant.inFlight.split('/');
    const env = {
      ROSTER_DATABASE_URL: db.url,
      ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN: max,
      ROSTER_SCIM_SHARED_IN_FLIGHT_PER_TOKEN: shared,
    };
    const server = await startRoster(env, variant.bin, variant.nodeArgs);
    try {
      const a = await createToken(env, 'okta', variant.bin);
      await createTenant(env, 'quiet', variant.bin);
      const b = await createToken(env, 'entra', variant.bin, 'quiet');
      const r = await runFairness(server.origin, a, b, settings);
      const p = pooled.get(variant.name)!;
      p.quietMs.push(...r.quietMs);
      p.floodedMs.push(...r.floodedMs);
      p.ratios.push(r.flooded.p99 / r.quiet.p99);
      p.floodPerSecond.push(r.flood.perSecond);
      p.floodThrottled += r.floodThrottled;
      p.floodErrors += r.flood.errors + r.flood.clientErrors - r.floodThrottled;
      p.quietBad += r.quiet.errors + r.quiet.clientErrors + r.flooded.errors + r.flooded.clientErrors;
      console.log(
        `round ${round}, ${variant.name}: B p50/p99 alone ${r.quiet.p50.toFixed(1)}/${r.quiet.p99.toFixed(1)} ms, ` +
          `flooded ${r.flooded.p50.toFixed(1)}/${r.flooded.p99.toFixed(1)} ms (${(r.flooded.p99 / r.quiet.p99).toFixed(1)}x); ` +
          `A ${r.flood.perSecond.toFixed(0)}/s, ${r.floodThrottled} 429s; load ${load()}`,
      );
    } finally {
      await server.stop();
      await db.drop();
    }
  }
}

const ms = (n: number) => n.toFixed(1).padStart(7);
const median = (v: readonly number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? NaN;
console.log(`\npooled over ${args.rounds} rounds; load average at the end ${load()}`);
console.log(
  'variant                         | B p50 alone | B p99 alone | B p50 flooded | B p99 flooded | p99 ratio | median round ratio | A /s | A 429s | A errors | B errors and 4xx',
);
for (const variant of variants) {
  const p = pooled.get(variant.name)!;
  const quiet = percentiles(p.quietMs);
  const flooded = percentiles(p.floodedMs);
  console.log(
    `${variant.name.padEnd(31)} | ${ms(quiet.p50)} | ${ms(quiet.p99)} | ${ms(flooded.p50)} | ${ms(flooded.p99)} | ` +
      `${(flooded.p99 / quiet.p99).toFixed(1).padStart(8)}x | ${median(p.ratios).toFixed(1).padStart(17)}x | ` +
      `${median(p.floodPerSecond).toFixed(0).padStart(5)} | ${p.floodThrottled} | ${p.floodErrors} | ${p.quietBad}`,
  );
}
