/**
 * Where a single client's tail goes: seeds 20,000 users (as `npm run bench` does) and, for
 * `--scenario member`, a group of all of them but one; then sends passes of 1,000 requests (the last
 * pass after 5 s idle), one-member PATCHes of that group or `userName eq` lookups, and
 * prints each pass's client-side p50/p99. The server runs with
 * bench/request-timing-preload.js; over the passes' requests it prints their server-side
 * p50/p99 (node:http 'request' to 'finish'), and for those over 3 ms how much of their time
 * the event loop was stalled, how much a WAL sync was under way (SQLite) and how much V8
 * collected garbage; and the server's collections over the passes. `--node-flag` (repeatable)
 * passes a flag to the server's node, e.g. `--node-flag=--max-semi-space-size=32`.
 *
 *   npx tsx bench/single-client-tail.ts [--dialect sqlite|postgres] [--scenario member|filter] [--passes 4] [--node-flag F]
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { type HttpAnswer, HttpClient } from './load-driver.ts';
import { memberPatchBody } from './member-patch-body.ts';
import { addMembers, createGroup, ingestUsers, userName } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    scenario: { type: 'string', default: 'member' },
    passes: { type: 'string', default: '4' },
    'node-flag': { type: 'string', multiple: true, default: [] },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
  },
});
const PASS = 1000;
const USERS = 20_000;

/** A group of every user but the last, and a sender of one-member PATCHes on it: the last user added, then removed. */
async function memberPatches(ids: readonly string[]): Promise<(i: number) => Promise<HttpAnswer>> {
  const group = await createGroup(client, 'big');
  await addMembers(client, group, ids.slice(0, -1));
  const outsider = ids.at(-1)!;
  return (i) => client.send('PATCH', `/scim/v2/Groups/${group}`, memberPatchBody(i, outsider));
}

/** A `userName eq` lookup of one of the seeded users. */
const lookups = (i: number): Promise<HttpAnswer> =>
  client.send(
    'GET',
    `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName('tail', (i * 7919) % USERS)}"`)}`,
  );

type Span = [number, number];
const overlap = (spans: readonly Span[], from: number, to: number): number =>
  spans.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0);
const percentile = (sorted: readonly number[], q: number): string =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);

const db = args.dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
const timingFile = join(tmpdir(), `roster-timing-${process.pid}.json`);
const env = { ROSTER_DATABASE_URL: db.url, ROSTER_BENCH_TIMING_FILE: timingFile };
const token = await createToken(env, 'generic');
const preload = fileURLToPath(new URL('./request-timing-preload.js', import.meta.url));
const server = await startRoster(env, undefined, [...args['node-flag'], '--import', preload]);
const client = new HttpClient(server.origin, {
  authorization: `Bearer ${token}`,
  'content-type': 'application/scim+json',
});
if (args.scenario !== 'member' && args.scenario !== 'filter') throw new Error('--scenario is member or filter');
try {
  const { ids } = await ingestUsers(client, 'tail', USERS, 32);
  const send = args.scenario === 'member' ? await memberPatches(ids) : lookups;
  const passes = Number(args.passes);
  for (let pass = 0; pass < passes; pass++) {
    const idle = pass === passes - 1 && passes > 1;
    if (idle) await new Promise((resolve) => setTimeout(resolve, 5000));
    const ms: number[] = [];
    for (let i = 0; i < PASS; i++) {
      const started = performance.now();
      const res = await send(pass * PASS + i);
      ms.push(performance.now() - started);
      if (res.status >= 300) throw new Error(`HTTP ${res.status} ${res.body}`);
    }
    ms.sort((a, b) => a - b);
    console.log(
      `pass ${pass + 1}${idle ? ' (after 5 s idle)' : ''}: client p50 ${percentile(ms, 0.5)} ms, p99 ${percentile(ms, 0.99)} ms`,
    );
  }
  await server.stop();
  const timing = JSON.parse(readFileSync(timingFile, 'utf8')) as {
    requests: [number, number, string][];
    stalls: Span[];
    syncs: Span[];
    gcs: [number, number, number][];
  };
  const method = args.scenario === 'member' ? 'PATCH' : 'GET';
  const answered = timing.requests.filter((r) => r[2] === method).slice(-passes * PASS);
  const durations = answered.map(([a, b]) => b - a).sort((a, b) => a - b);
  const slow = answered.filter(([a, b]) => b - a > 3);
  const slowMs = slow.reduce((sum, [a, b]) => sum + b - a, 0);
  const stalled = slow.reduce((sum, [a, b]) => sum + overlap(timing.stalls, a, b), 0);
  const syncing = slow.reduce((sum, [a, b]) => sum + overlap(timing.syncs, a, b), 0);
  const gcSpans = timing.gcs.map(([a, b]): Span => [a, b]);
  const collecting = slow.reduce((sum, [a, b]) => sum + overlap(gcSpans, a, b), 0);
  console.log(
    `server side: p50 ${percentile(durations, 0.5)} ms, p99 ${percentile(durations, 0.99)} ms; ` +
      `${slow.length} over 3 ms, ${slowMs.toFixed(0)} ms in all, of which the loop stalled ${stalled.toFixed(0)} ms, ` +
      `a WAL sync was under way ${syncing.toFixed(0)} ms and V8 collected ${collecting.toFixed(0)} ms`,
  );
  const from = answered[0]![0];
  const during = timing.gcs.filter(([a]) => a >= from);
  const isScavenge = (kind: number) => kind === constants.NODE_PERFORMANCE_GC_MINOR;
  const scavenges = during.filter(([, , kind]) => isScavenge(kind)).map(([a, b]) => b - a);
  scavenges.sort((a, b) => a - b);
  const others = during.filter(([, , kind]) => !isScavenge(kind));
  const othersMs = others.reduce((sum, [a, b]) => sum + b - a, 0);
  const scavengeFigures = scavenges.length
    ? `p50 ${percentile(scavenges, 0.5)} ms, max ${scavenges.at(-1)!.toFixed(2)} ms`
    : 'none';
  console.log(
    `collections during the passes: ${scavenges.length} scavenges (${scavengeFigures}), ` +
      `${others.length} others (${othersMs.toFixed(1)} ms in all)`,
  );
} finally {
  client.close();
  await server.stop();
  rmSync(timingFile, { force: true });
  await db.drop();
}
