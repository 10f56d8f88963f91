/**
 * The change feed's targets (issue #12) against `roster serve`, on a fresh SQLite file or
 * PostgreSQL schema per round:
 *
 * - commit to visible: a consumer long-polls `GET /api/v1/events?wait=30` while a writer
 *   POSTs users at a steady rate, then with 32 in flight; for each user, from its 201 at the
 *   client to its `user.created` at the consumer;
 * - first webhook attempt: the same writes, from the 201 to the first attempt's arrival at a
 *   loopback receiver (answering 204); its throughput is bench/webhook-throughput.ts's;
 * - a big membership change: 100,000 users seeded through the store, then the largest
 *   member list one request may carry (1 MiB body), as a PATCH add and as a POST /Groups,
 *   then the rest up to 100,000 in PATCHes of `--chunk`: time to the response and to the
 *   last of its events in the feed, with the member ids counted and the seqs checked.
 *
 * With `--baseline <dir>` (another checkout with node_modules, e.g. `git archive` of main),
 * each round runs that tree's `roster serve` too, alternately, both from sources (ROSTER_DEV=1).
 *
 *   npx tsx bench/feed.ts [--dialects sqlite,postgres] [--rounds 2] [--seconds 10] [--rate 100]
 *                         [--members 100000 (0: no membership changes)] [--chunk 1000] [--baseline <dir>]
 *                         [--cpu-prof <dir>]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { bigChanges, type BigChange } from './feed-members.ts';
import { cliJson, FeedConsumer, WebhookReceiver } from './feed-watch.ts';
import { drive, HttpClient } from './load-driver.ts';
import { defaultTenantId, seedDirectory } from './seed-directory.ts';

const { values: args } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '100' },
    members: { type: 'string', default: '100000' },
    chunk: { type: 'string', default: '1000' },
    baseline: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** p50, p99 and max of a list of milliseconds. */
function spread(ms: readonly number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): string => (s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN).toFixed(0);
  return `${at(0.5)} / ${at(0.99)} / ${(s.at(-1) ?? NaN).toFixed(0)}`;
}

interface WriteFigures {
  readonly phase: string;
  readonly writes: number;
  readonly perSecond: number;
  /** p50 / p99 / max, ms. */
  readonly feed: string;
  readonly webhook: string;
}

/** POSTs users (steady: `rate` a second; full: 32 in flight), then waits for the feed and the receiver to have them all. */
async function writePhase(
  phase: 'steady' | 'full',
  scim: HttpClient,
  consumer: FeedConsumer,
  receiver: WebhookReceiver,
): Promise<WriteFigures> {
  const acked = new Map<string, number>();
  const post = async (i: number): Promise<number> => {
    const res = await scim.send('POST', '/scim/v2/Users', { schemas: [USER], userName: `${phase}${i}@example.com` });
    if (res.status === 201) acked.set((JSON.parse(res.body) as { id: string }).id, performance.now());
    return res.status;
  };
  const started = performance.now();
  if (phase === 'full') {
    const r = await drive({ concurrency: 32, seconds, send: post });
    if (r.errors + r.clientErrors > 0) throw new Error(`${phase}: ${r.errors + r.clientErrors} failed writes`);
  } else {
    const sent: Promise<number>[] = [];
    const every = 1000 / Number(args.rate);
    for (let i = 0; performance.now() < started + seconds * 1000; i++) {
      sent.push(post(i));
      const next = started + (i + 1) * every;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
    if ((await Promise.all(sent)).some((s) => s !== 201)) throw new Error(`${phase}: failed writes`);
  }
  const perSecond = acked.size / ((performance.now() - started) / 1000);
  const created = (e: { type: string; resourceId: string }): boolean =>
    e.type === 'user.created' && acked.has(e.resourceId);
  await consumer.until((events) => events.filter(created).length === acked.size);
  const hooks = (): number => [...receiver.first.values()].filter(created).length;
  await consumer.until(() => hooks() === acked.size, 600_000);
  // An event may reach the consumer before the 201 reaches the writer (both are in this process): 0.
  const lag = (e: { resourceId: string; at: number }): number => Math.max(0, e.at - acked.get(e.resourceId)!);
  const viaHook = [...receiver.first.values()].filter(created);
  return {
    phase,
    writes: acked.size,
    perSecond,
    feed: spread(consumer.events.filter(created).map(lag)),
    webhook: spread(viaHook.map(lag)),
  };
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The trees measured: this one, and the baseline when given. */
const trees: { name: string; bin?: string }[] = [
  { name: 'this tree' },
  ...(args.baseline ? [{ name: 'baseline', bin: join(args.baseline, 'bin', 'roster.js') }] : []),
];

async function round(dialect: string, bin?: string): Promise<{ writes: WriteFigures[]; big: BigChange[] }> {
  const db = dialect === 'sqlite' ? freshSqlite() : await freshPostgresSchema(args['pg-url']);
  const env = {
    ROSTER_DEV: '1',
    ROSTER_DATABASE_URL: db.url,
    ROSTER_SECRET_KEY: 'the feed benchmark key, long enough to be accepted',
    ROSTER_WEBHOOKS_ALLOW_HTTP: 'true',
    ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'true',
    // 32 writers on one token: what is measured is the feed, not the token's line.
    ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN: '1000',
    ROSTER_SCIM_MAX_QUEUED_PER_TOKEN: '10000',
  };
  const receiver = await WebhookReceiver.start();
  try {
    const profile = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [];
    const server = await startRoster(env, bin, profile);
    try {
      const token = await createToken(env, 'generic', bin);
      const app = (await cliJson(env, ['apps', 'create', '--name', 'feed-bench'], bin)) as { token: string };
      await cliJson(env, ['webhooks', 'add', receiver.url], bin);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
      const scim = new HttpClient(server.origin, headers);
      const consumer = new FeedConsumer(server.origin, app.token);
      try {
        const writes = [
          await writePhase('steady', scim, consumer, receiver),
          await writePhase('full', scim, consumer, receiver),
        ];
        if (Number(args.members) === 0) return { writes, big: [] };
        const seeded = await seedDirectory(db.url, await defaultTenantId(db.url), Number(args.members), 0);
        const big = await bigChanges(scim, consumer, seeded, Number(args.chunk));
        return { writes, big };
      } finally {
        await consumer.stop();
        scim.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    receiver.close();
    await db.drop();
  }
}

console.log(`# bench/feed.ts, ${new Date().toISOString()}, load average ${load()}`);
for (let r = 1; r <= Number(args.rounds); r++) {
  for (const dialect of args.dialects.split(',')) {
    for (const tree of trees) {
      const { writes, big } = await round(dialect, tree.bin);
      console.log(`\n## ${dialect}, round ${r}, ${tree.name}\n`);
      console.log('| writes | users | writes/s | feed p50 / p99 / max ms | webhook p50 / p99 / max ms |');
      console.log('|---|--:|--:|--:|--:|');
      for (const w of writes) {
        console.log(`| ${w.phase} | ${w.writes} | ${w.perSecond.toFixed(0)} | ${w.feed} | ${w.webhook} |`);
      }
      console.log(
        '\n| change | members | requests | to response s | to last event s | events | ids in events | seqs |',
      );
      console.log('|---|--:|--:|--:|--:|--:|--:|---|');
      for (const b of big) {
        console.log(
          `| ${b.label} | ${b.members} | ${b.requests} | ${b.responseS.toFixed(2)} | ${b.visibleS.toFixed(2)} | ${b.events} | ${b.ids} | ${b.contiguous ? 'contiguous' : 'GAP'} |`,
        );
      }
      console.log(`\nload average ${load()}`);
    }
  }
}
