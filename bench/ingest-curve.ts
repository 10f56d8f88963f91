/**
 * How POST /Users slows as the directory grows: users ingested over HTTP (32 in flight) into
 * a fresh database, the rate printed for each segment, for this tree and optionally other
 * checkouts one after the other (each on its own fresh database, in alternating order over
 * `--rounds`). What the 1M ingest target depends on is the rate of the late segments, which
 * a 20,000-user scenario never reaches.
 *
 *   npx tsx bench/ingest-curve.ts --dialect sqlite --users 600000 --segment 100000
 *                                 [--baseline <checkout>] [--rounds 1]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshPostgresSchema, freshSqlite } from '../scripts/conformance/fresh-database.ts';
import { createToken, startRoster } from '../scripts/conformance/roster-process.ts';
import { HttpClient } from './load-driver.ts';
import { postgresPids } from './postgres-pids.ts';
import { ingestUsers } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    dialect: { type: 'string', default: 'sqlite' },
    users: { type: 'string', default: '600000' },
    segment: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
    'pg-url': { type: 'string', default: process.env.ROSTER_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test' },
  },
});
const users = Number(args.users);
const segment = Number(args.segment);
const variants = [
  { name: 'this tree', bin: fileURLToPath(new URL('../bin/roster.js', import.meta.url)) },
  ...(args.baseline ? [{ name: 'baseline', bin: join(args.baseline, 'bin/roster.js') }] : []),
];

/** Bytes a process has sent to storage (/proc/<pid>/io), 0 once it is gone. */
function writeBytes(pid: string | number): number {
  try {
    return Number(/write_bytes: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Bytes written by the server, and on PostgreSQL by every postgres process (WAL, checkpoints). */
function bytesWritten(serverPid: number): number {
  let total = writeBytes(serverPid);
  if (args.dialect !== 'postgres') return total;
  for (const pid of postgresPids()) total += writeBytes(pid);
  return total;
}

/** Users a second in each segment of `segment` users, and KiB written a user over the run. */
async function curve(bin: string): Promise<{ rates: number[]; kibPerUser: number }> {
  const db = args.dialect === 'postgres' ? await freshPostgresSchema(args['pg-url']) : freshSqlite();
  const env = { ROSTER_DATABASE_URL: db.url };
  const token = await createToken(env, 'generic', bin);
  const server = await startRoster(env, bin);
  const client = new HttpClient(server.origin, {
    authorization: `Bearer ${token}`,
    'content-type': 'application/scim+json',
  });
  const run = Math.random().toString(36).slice(2, 8);
  const rates: number[] = [];
  const writtenBefore = bytesWritten(server.pid);
  try {
    let mark = performance.now();
    const { result } = await ingestUsers(client, run, users, Number(args.concurrency), (done) => {
      if (done % segment !== 0) return;
      const now = performance.now();
      rates.push(segment / ((now - mark) / 1000));
      mark = now;
      console.log(`  ${done.toLocaleString('en-US')} users: ${Math.round(rates.at(-1)!)}/s`);
    });
    if (result.errors > 0) throw new Error(`${result.errors} of ${users} POST /Users failed`);
    return { rates, kibPerUser: (bytesWritten(server.pid) - writtenBefore) / 1024 / users };
  } finally {
    client.close();
    await server.stop();
    await db.drop();
  }
}

for (let r = 0; r < Number(args.rounds); r++) {
  for (const variant of r % 2 === 0 ? variants : [...variants].reverse()) {
    console.log(`round ${r + 1} ${variant.name} (${args.dialect}):`);
    const { rates, kibPerUser } = await curve(variant.bin);
    const total = (rates.length * segment) / rates.reduce((sum, rate) => sum + segment / rate, 0);
    console.log(
      `round ${r + 1} ${variant.name}: ${rates.map(Math.round).join(', ')} users/s; overall ${Math.round(total)}/s; ` +
        `${kibPerUser.toFixed(1)} KiB written a user`,
    );
  }
}
