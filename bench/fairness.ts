/**
 * Fairness under a flood (issue #14): one token floods a `roster serve` with 32 clients and
 * no pause while another token reads one user at a time, once for each per-token limit
 * given, so that the limit's effect is measured side by side in one run.
 *
 *   npx tsx bench/fairness.ts [--dialect sqlite|postgres] [--pg-url postgres://...]
 *                             [--in-flight 8,10000] [--concurrency 32] [--seconds 10]
 */
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { runFairness } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    'in-flight': { type: 'string', default: '8,10000' },
    concurrency: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
  },
});
const ms = (n: number) => n.toFixed(1).padStart(7);
console.log(
  `${args.dialect}: token A floods with ${args.concurrency} clients, token B reads one user at a time, ${args.seconds} s each`,
);
console.log(
  'in flight per token | B p50 alone | B p99 alone | B p50 flooded | B p99 flooded | p99 ratio | A /s | A 429s',
);
for (const inFlight of args['in-flight'].split(',').map(Number)) {
  const db = args.dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
  const env = { ROSTER_DATABASE_URL: db.url, ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN: String(inFlight) };
  const server = await startRoster(env);
  try {
    const a = await createToken(env, 'okta');
    const b = await createToken(env, 'entra');
    const r = await runFairness(server.origin, a, b, {
      concurrency: Number(args.concurrency),
      seconds: Number(args.seconds),
    });
    console.log(
      `${String(inFlight).padStart(19)} | ${ms(r.quiet.p50)} | ${ms(r.quiet.p99)} | ${ms(r.flooded.p50)} | ${ms(r.flooded.p99)} | ` +
        `${(r.flooded.p99 / r.quiet.p99).toFixed(1).padStart(8)}x | ${r.flood.perSecond.toFixed(0).padStart(5)} | ${r.flood.clientErrors}` +
        (r.quiet.errors + r.flooded.errors + r.quiet.clientErrors + r.flooded.clientErrors
          ? `  (B errors: ${r.quiet.errors + r.flooded.errors}, B 4xx: ${r.quiet.clientErrors + r.flooded.clientErrors})`
          : ''),
    );
  } finally {
    await server.stop();
    await db.drop();
  }
}
