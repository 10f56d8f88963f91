/**
 * What the provisioning log costs a SCIM request: the same requests with the log writing
 * and with it switched off, in alternating rounds so that machine noise hits both alike.
 *
 *   npx tsx bench/log-overhead.ts [--dialect sqlite|postgres] [--url postgres://...] [--rounds 6]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/http/app.ts';
import { openRoster } from '../src/roster.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    rounds: { type: 'string', default: '6' },
    requests: { type: 'string', default: '2000' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
const url = args.dialect === 'postgres' ? (args.url ?? 'postgres://root@127.0.0.1:5432/test') : join(dir, 'bench.db');
const roster = await openRoster({ databaseUrl: url, poolSize: 10 });
const tenant = (await roster.tenants.findBySlug('default'))!;
const { secret } = await roster.tokens.issue(tenant.id, await roster.tokens.ensureConnection(tenant.id, 'generic'));
const app = await buildApp({ roster, logLevel: 'warn' });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' };

const ids: string[] = [];
for (let i = 0; i < 200; i++) {
  const res = await fetch(`${origin}/scim/v2/Users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `u${i}@example.com` }),
  });
  ids.push(((await res.json()) as { id: string }).id);
}

const record = roster.provisioningLog.record.bind(roster.provisioningLog);
const REQUESTS = Number(args.requests);
async function round(): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const i = next++;
      const res = await fetch(`${origin}/scim/v2/Users/${ids[i % ids.length]}`, { headers });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return Number(process.hrtime.bigint() - start) / 1e6 / REQUESTS;
}

const on: number[] = [];
const off: number[] = [];
await round(); // warm-up
for (let r = 0; r < Number(args.rounds); r++) {
  roster.provisioningLog.record = record;
  on.push(await round());
  roster.provisioningLog.record = () => undefined;
  off.push(await round());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${args.dialect}: GET /Users/:id, 8 in flight, ${REQUESTS} requests a round, ${args.rounds} rounds each`);
console.log(`  log on : median ${(median(on) * 1000).toFixed(0)} µs/request`);
console.log(`  log off: median ${(median(off) * 1000).toFixed(0)} µs/request`);
console.log(`  overhead: ${(((median(on) - median(off)) / median(off)) * 100).toFixed(1)}%`);
roster.provisioningLog.record = record;
await app.close();
await roster.close();
rmSync(dir, { recursive: true, force: true });
