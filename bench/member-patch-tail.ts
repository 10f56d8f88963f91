/**
 * Where a one-member PATCH's tail goes, single client: seeds 20,000 users and a group of all
 * of them (as `npm run bench` does), then sends 1,000-PATCH passes (the last pass after 5 s
 * idle) and prints each pass's client-side p50/p99. The server runs with
 * bench/request-timing-preload.js; over the passes' PATCHes it prints their server-side
 * p50/p99 (node:http 'request' to 'finish'), and for those over 3 ms how much of their time
 * the event loop was stalled and how much a WAL sync was under way (SQLite).
 *
 *   npx tsx bench/member-patch-tail.ts [--dialect sqlite|postgres] [--passes 4]
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { HttpClient } from './load-driver.ts';
import { ingestUsers } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    passes: { type: 'string', default: '4' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
  },
});
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PASS = 1000;

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
const server = await startRoster(env, undefined, ['--import', preload]);
const client = new HttpClient(server.origin, {
  authorization: `Bearer ${token}`,
  'content-type': 'application/scim+json',
});
try {
  const { ids } = await ingestUsers(client, 'tail', 20_000, 32);
  const created = await client.send('POST', '/scim/v2/Groups', { schemas: [GROUP], displayName: 'big' });
  const group = (JSON.parse(created.body) as { id: string }).id;
  for (let i = 0; i < ids.length; i += 1000) {
    const value = ids.slice(i, i + 1000).map((id) => ({ value: id }));
    const res = await client.send('PATCH', `/scim/v2/Groups/${group}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value }],
    });
    if (res.status !== 204) throw new Error(`adding members: HTTP ${res.status} ${res.body}`);
  }
  const outsider = ids.at(-1)!;
  const passes = Number(args.passes);
  for (let pass = 0; pass < passes; pass++) {
    const idle = pass === passes - 1 && passes > 1;
    if (idle) await new Promise((resolve) => setTimeout(resolve, 5000));
    const ms: number[] = [];
    for (let i = 0; i < PASS; i++) {
      const started = performance.now();
      const res = await client.send('PATCH', `/scim/v2/Groups/${group}`, {
        schemas: [PATCH],
        Operations: [
          i % 2 === 0
            ? { op: 'add', path: 'members', value: [{ value: outsider }] }
            : { op: 'remove', path: `members[value eq "${outsider}"]` },
        ],
      });
      ms.push(performance.now() - started);
      if (res.status !== 204) throw new Error(`PATCH: HTTP ${res.status} ${res.body}`);
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
  };
  const patches = timing.requests.filter((r) => r[2] === 'PATCH').slice(-passes * PASS);
  const durations = patches.map(([a, b]) => b - a).sort((a, b) => a - b);
  const slow = patches.filter(([a, b]) => b - a > 3);
  const slowMs = slow.reduce((sum, [a, b]) => sum + b - a, 0);
  const stalled = slow.reduce((sum, [a, b]) => sum + overlap(timing.stalls, a, b), 0);
  const syncing = slow.reduce((sum, [a, b]) => sum + overlap(timing.syncs, a, b), 0);
  console.log(
    `server side: p50 ${percentile(durations, 0.5)} ms, p99 ${percentile(durations, 0.99)} ms; ` +
      `${slow.length} over 3 ms, ${slowMs.toFixed(0)} ms in all, of which the loop stalled ${stalled.toFixed(0)} ms ` +
      `and a WAL sync was under way ${syncing.toFixed(0)} ms`,
  );
} finally {
  client.close();
  await server.stop();
  rmSync(timingFile, { force: true });
  await db.drop();
}
