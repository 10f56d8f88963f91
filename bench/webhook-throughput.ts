/**
 * Webhook delivery throughput: events per second from the feed into one receiving endpoint
 * on loopback (a node:http server answering 204), in process, on a fresh SQLite file or
 * PostgreSQL schema. The events are committed first (in writes of 100), then one instance
 * delivers them all; the figures are events delivered / time, and this process's CPU time
 * (user + system, the receiver's included; PostgreSQL's not) per event, which a shared
 * machine's load disturbs less. `--format set` sends them as
 * RFC 9967 Security Event Tokens (HS256 JWTs) instead of Roster's JSON. `--cpu-prof <dir>`
 * profiles the delivery alone (not the writes before it) and prints where its time went.
 * Not run in CI.
 *
 *   node --import tsx bench/webhook-throughput.ts [--dialect sqlite|postgres] [--events 20000]
 *        [--format roster|set] [--pg-url postgres://...] [--cpu-prof <dir>]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openRoster } from '../src/roster.ts';
import { openStore } from '../src/store/open-store.ts';
import { writeTransaction } from '../src/store/write-transaction.ts';
import { cpuProfileSummary } from './cpu-profile-summary.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    events: { type: 'string', default: '20000' },
    format: { type: 'string', default: 'roster' },
    'cpu-prof': { type: 'string' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
  },
});
const total = Number(args.events);

let url: string;
let drop: () => Promise<void>;
if (args.dialect === 'postgres') {
  const schema = `wh_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: args['pg-url'] });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  url = `${args['pg-url']}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  drop = async () => {
    const c = new pg.Client({ connectionString: args['pg-url'] });
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-webhooks-'));
  url = join(dir, 'roster.db');
  drop = async () => rmSync(dir, { recursive: true, force: true });
}

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

const roster = await openRoster({
  databaseUrl: url,
  secretKey: 'the benchmark key, long enough to be accepted',
  webhookTargets: { allowHttp: true, allowPrivate: true },
  webhookDelivery: { batch: 1000 },
});
try {
  const tenantId = (await roster.tenants.findBySlug('default'))!.id;
  await roster.webhooks.add(tenantId, { url: receiverUrl, format: args.format, actor: { kind: 'cli' } });
  const store = openStore({ url, poolSize: 2 });
  for (let done = 0; done < total; done += 100) {
    await writeTransaction(store, async (_trx, outbox) => {
      for (let i = done; i < Math.min(total, done + 100); i++) {
        const id = `u${i}`;
        await outbox.add(
          { tenantId },
          {
            type: 'user.created',
            resourceType: 'User',
            resourceId: id,
            version: 'W/"1"',
            data: { id, userName: `user${i}@example.com` },
          },
        );
      }
    });
  }
  await store.close();
  const profiler = args['cpu-prof'] ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await roster.webhookDelivery.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler && args['cpu-prof']) {
    const { profile } = await profiler.post('Profiler.stop');
    mkdirSync(args['cpu-prof'], { recursive: true });
    const file = join(args['cpu-prof'], `webhooks-${args.dialect}-${args.format}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(cpuProfileSummary(file, 30));
  }
  console.log(
    `${args.dialect} ${args.format}: ${received} of ${total} events delivered in ${seconds.toFixed(2)} s: ${Math.round(received / seconds)} events/s, ${Math.round((cpu.user + cpu.system) / received)} µs of this process's CPU an event`,
  );
} finally {
  await roster.close();
  server.close();
  await drop();
}
