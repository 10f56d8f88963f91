/**
 * What the change feed and group commit do to SCIM writes: the same write scenarios against
 * `roster serve` in several variants, in alternating rounds (machine noise hits all alike),
 * each on a fresh database:
 *
 * - `feed, group commit`: this checkout as configured by default;
 * - `feed, no group commit` (SQLite): ROSTER_SQLITE_GROUP_COMMIT=false;
 * - `baseline`: another checkout without the feed (`--baseline <dir>`, e.g. a worktree at
 *   6970dcb with node_modules), run from its sources like this one (ROSTER_DEV=1).
 *
 *   npx tsx bench/write-path.ts [--baseline ../roster-6970dcb] [--dialects sqlite,postgres]
 *                               [--seconds 5] [--rounds 3] [--concurrency 32]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { drive, HttpClient } from './load-driver.ts';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
  },
});
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Variant {
  readonly name: string;
  readonly bin: string;
  readonly env: Readonly<Record<string, string>>;
}

const here = join(import.meta.dirname, '..', 'bin', 'roster.js');
const baseline = args.baseline ? join(args.baseline, 'bin', 'roster.js') : undefined;
if (baseline !== undefined && !existsSync(baseline)) throw new Error(`no ${baseline}`);

function variants(dialect: string): Variant[] {
  // Per-token limits (8 in flight by default) would queue this one token's 32 clients: lifted,
  // so that the comparison is of the write path (the baseline predates the limits).
  const dev = {
    ROSTER_DEV: '1',
    ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN: '1000',
    ROSTER_SCIM_MAX_QUEUED_PER_TOKEN: '10000',
  };
  return [
    { name: 'feed, group commit', bin: here, env: dev },
    ...(dialect === 'sqlite'
      ? [{ name: 'feed, no group commit', bin: here, env: { ...dev, ROSTER_SQLITE_GROUP_COMMIT: 'false' } }]
      : []),
    ...(baseline ? [{ name: 'baseline (no feed)', bin: baseline, env: dev }] : []),
  ];
}

/** POST /Users, then PATCH of those users' displayName, on a fresh database. */
async function measure(dialect: string, variant: Variant): Promise<{ post: number; patch: number; p99: number }> {
  const db = dialect === 'sqlite' ? freshSqlite() : await freshPostgresSchema(args['pg-url']);
  const env = { ...variant.env, ROSTER_DATABASE_URL: db.url };
  try {
    const server = await startRoster(env, variant.bin);
    try {
      const token = await createToken(env, 'generic', variant.bin);
      const client = new HttpClient(server.origin, {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
      });
      const ids: string[] = [];
      const post = await drive({
        concurrency,
        seconds,
        send: async (i) => {
          const res = await client.send('POST', '/scim/v2/Users', { schemas: [USER], userName: `w${i}@example.com` });
          if (res.status === 201) ids.push((JSON.parse(res.body) as { id: string }).id);
          return res.status;
        },
      });
      const patch = await drive({
        concurrency,
        seconds,
        send: async (i) =>
          (
            await client.send('PATCH', `/scim/v2/Users/${ids[i % ids.length]}`, {
              schemas: [PATCH],
              Operations: [{ op: 'replace', path: 'displayName', value: `D${i}` }],
            })
          ).status,
      });
      client.close();
      if (post.errors + post.clientErrors + patch.errors + patch.clientErrors > 0) {
        throw new Error(`${variant.name}: errors in the run`);
      }
      return { post: post.perSecond, patch: patch.perSecond, p99: Math.max(post.p99, patch.p99) };
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

for (const dialect of args.dialects.split(',')) {
  const results = new Map<string, { post: number[]; patch: number[]; p99: number[] }>();
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const variant of variants(dialect)) {
      const r = await measure(dialect, variant);
      const acc = results.get(variant.name) ?? { post: [], patch: [], p99: [] };
      acc.post.push(r.post);
      acc.patch.push(r.patch);
      acc.p99.push(r.p99);
      results.set(variant.name, acc);
      console.log(
        `${dialect} round ${round + 1} ${variant.name}: POST ${r.post.toFixed(0)}/s, PATCH ${r.patch.toFixed(0)}/s`,
      );
    }
  }
  const first = results.get('feed, group commit')!;
  console.log(
    `\n| ${dialect} (median of ${args.rounds}) | POST /Users | PATCH /Users | p99 ms | POST vs first | PATCH vs first |`,
  );
  console.log('|---|---|---|---|---|---|');
  for (const [name, r] of results) {
    console.log(
      `| ${name} | ${median(r.post).toFixed(0)}/s | ${median(r.patch).toFixed(0)}/s | ${median(r.p99).toFixed(1)} | ` +
        `${(median(r.post) / median(first.post)).toFixed(2)} | ${(median(r.patch) / median(first.patch)).toFixed(2)} |`,
    );
  }
}
