/**
 * What the change feed and group commit do to SCIM writes: the same write scenarios against
 * `roster serve` in several variants, in alternating rounds (machine noise hits all alike),
 * each on a fresh database:
 *
 * - `feed, group commit`: this checkout as configured by default;
 * - `feed, no group commit` (SQLite): ROSTER_SQLITE_GROUP_COMMIT=false;
 * - baselines: other checkouts (`--baseline [name=]<dir>`, repeatable, e.g. a worktree of
 *   main and one at 6970dcb, before the feed, each with node_modules), run from their
 *   sources like this one (ROSTER_DEV=1).
 *
 * Besides throughput, each variant's CPU per request: the server process's and, on
 * PostgreSQL, its backends' (found by the application_name its URL sets), read from /proc.
 * On a machine shared with other work, throughput moves with the neighbours' load far more
 * than CPU per request does.
 *
 *   npx tsx bench/write-path.ts [--baseline main=../roster-main] [--baseline pre-feed=../roster-6970dcb]
 *                               [--dialects sqlite,postgres] [--seconds 5] [--rounds 3] [--concurrency 32]
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { drive, HttpClient, type LoadResult } from './load-driver.ts';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string', multiple: true, default: [] },
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
const baselines = args.baseline.map((arg) => {
  const [name, dir] = arg.includes('=')
    ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
    : [arg, arg];
  const bin = join(dir, 'bin', 'roster.js');
  if (!existsSync(bin)) throw new Error(`no ${bin}`);
  return { name: `baseline ${name}`, bin };
});

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
    ...baselines.map((b) => ({ ...b, env: dev })),
  ];
}

/** CPU seconds (user + system) the processes have used so far; one that is gone counts 0. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}

/**
 * The processes a variant runs on: its server and, on PostgreSQL, the server's backends
 * (found by the application_name its URL sets), so that CPU per request counts both sides.
 */
async function processesOf(serverPid: number, appName: string | undefined): Promise<number[]> {
  if (appName === undefined) return [serverPid];
  const client = new pg.Client({ connectionString: args['pg-url'] });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [appName],
    );
    return [serverPid, ...rows.map((r) => r.pid)];
  } finally {
    await client.end();
  }
}

interface Measured {
  readonly post: number;
  readonly patch: number;
  readonly p99: number;
  /** CPU milliseconds per request: the server's, and its PostgreSQL backends'. */
  readonly postCpu: { readonly server: number; readonly db: number };
  readonly patchCpu: { readonly server: number; readonly db: number };
}

/** POST /Users, then PATCH of those users' displayName, on a fresh database. */
async function measure(dialect: string, variant: Variant): Promise<Measured> {
  const db = dialect === 'sqlite' ? freshSqlite() : await freshPostgresSchema(args['pg-url']);
  const appName = dialect === 'sqlite' ? undefined : `roster-bench-${randomBytes(4).toString('hex')}`;
  const url = appName === undefined ? db.url : `${db.url}&application_name=${appName}`;
  const env = { ...variant.env, ROSTER_DATABASE_URL: url };
  try {
    const server = await startRoster(env, variant.bin);
    // CPU of the backends of this phase's connections: taken again after it, as the pool may have grown.
    const cpuOf = async (phase: () => Promise<{ count: number }>): Promise<{ server: number; db: number }> => {
      const before = await processesOf(server.pid, appName);
      const start = { server: cpuSeconds([server.pid]), db: cpuSeconds(before.slice(1)) };
      const { count } = await phase();
      const after = await processesOf(server.pid, appName);
      const opened = after.filter((pid) => !before.includes(pid));
      const db = cpuSeconds(before.slice(1)) - start.db + cpuSeconds(opened);
      return { server: ((cpuSeconds([server.pid]) - start.server) * 1000) / count, db: (db * 1000) / count };
    };
    try {
      const token = await createToken(env, 'generic', variant.bin);
      const client = new HttpClient(server.origin, {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
      });
      const ids: string[] = [];
      let post!: LoadResult;
      const postCpu = await cpuOf(async () => {
        post = await drive({
          concurrency,
          seconds,
          send: async (i) => {
            const res = await client.send('POST', '/scim/v2/Users', { schemas: [USER], userName: `w${i}@example.com` });
            if (res.status === 201) ids.push((JSON.parse(res.body) as { id: string }).id);
            return res.status;
          },
        });
        return { count: post.requests };
      });
      let patch!: LoadResult;
      const patchCpu = await cpuOf(async () => {
        patch = await drive({
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
        return { count: patch.requests };
      });
      client.close();
      if (post.errors + post.clientErrors + patch.errors + patch.clientErrors > 0) {
        throw new Error(`${variant.name}: errors in the run`);
      }
      return { post: post.perSecond, patch: patch.perSecond, p99: Math.max(post.p99, patch.p99), postCpu, patchCpu };
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const cpu = (c: { server: number; db: number }): string =>
  `${(c.server + c.db).toFixed(2)} (${c.server.toFixed(2)} + ${c.db.toFixed(2)})`;

for (const dialect of args.dialects.split(',')) {
  const results = new Map<string, Measured[]>();
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const variant of variants(dialect)) {
      const r = await measure(dialect, variant);
      results.set(variant.name, [...(results.get(variant.name) ?? []), r]);
      console.log(
        `${dialect} round ${round + 1} ${variant.name}: POST ${r.post.toFixed(0)}/s, CPU ms ${cpu(r.postCpu)}; ` +
          `PATCH ${r.patch.toFixed(0)}/s, CPU ms ${cpu(r.patchCpu)}`,
      );
    }
  }
  const of = (name: string, pick: (r: Measured) => number): number => median(results.get(name)!.map(pick));
  const cpuOf = (name: string, pick: (r: Measured) => { server: number; db: number }): string =>
    cpu({ server: of(name, (r) => pick(r).server), db: of(name, (r) => pick(r).db) });
  const first = 'feed, group commit';
  console.log(
    `\n| ${dialect} (median of ${args.rounds}) | POST /Users | PATCH /Users | p99 ms | POST vs first | PATCH vs first ` +
      `| CPU ms per POST (server + db) | per PATCH |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const name of results.keys()) {
    const post = of(name, (r) => r.post);
    const patch = of(name, (r) => r.patch);
    console.log(
      `| ${name} | ${post.toFixed(0)}/s | ${patch.toFixed(0)}/s | ${of(name, (r) => r.p99).toFixed(1)} | ` +
        `${(post / of(first, (r) => r.post)).toFixed(2)} | ${(patch / of(first, (r) => r.patch)).toFixed(2)} | ` +
        `${cpuOf(name, (r) => r.postCpu)} | ${cpuOf(name, (r) => r.patchCpu)} |`,
    );
  }
}
