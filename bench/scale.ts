/**
 * Scale benchmark: a tenant with N users and a group of M members, then the SCIM
 * operations IdPs issue, timed over a real listening server.
 *
 *   npx tsx bench/scale.ts --dialect sqlite --users 1000000 --members 1000000
 *   npx tsx bench/scale.ts --dialect postgres --url postgres://root@127.0.0.1:5432/bench
 *
 * The seed (bench/seed-directory.ts) writes rows straight through the store; every
 * measured operation goes through HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/http/app.ts';
import { openRoster } from '../src/roster.ts';
import { seedDirectory } from './seed-directory.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    users: { type: 'string', default: '1000000' },
    members: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '20' },
  },
});
const N = Number(args.users);
const M = Math.min(N, Number(args.members));
const REPEAT = Number(args.repeat);

const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
const url = args.dialect === 'postgres' ? (args.url ?? 'postgres://root@127.0.0.1:5432/test') : join(dir, 'bench.db');
const roster = await openRoster({ databaseUrl: url, poolSize: 10 });
const tenant = (await roster.tenants.findBySlug('default'))!;
const connection = await roster.tokens.ensureConnection(tenant.id, 'generic');
const { secret } = await roster.tokens.issue(tenant.id, connection);
const mem = () => Math.round(process.memoryUsage().rss / 1048576);

// ---- seed
const t0 = Date.now();
const { ids, groupId } = await seedDirectory(url, tenant.id, N, M);
console.log(`seeded ${N} users, group of ${M} members in ${((Date.now() - t0) / 1000).toFixed(1)} s; rss ${mem()} MiB`);

// ---- serve
const app = await buildApp({ roster, logLevel: 'warn' });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
const base = `${origin}/scim/v2`;
const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' };
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(base + path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, text: await res.text() };
}
async function time(label: string, op: (i: number) => Promise<{ status: number }>, repeat = REPEAT): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const s = process.hrtime.bigint();
    const r = await op(i);
    ms.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (r.status >= 400) throw new Error(`${label}: HTTP ${r.status} ${(r as { text?: string }).text ?? ''}`);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  console.log(`${label.padEnd(58)} p50 ${p(0.5).padStart(8)} ms   p95 ${p(0.95).padStart(8)} ms`);
}
const pick = (i: number) => Math.floor((i * 7919) % N);
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

await time('GET /Users?filter=userName eq (1 of N)', (i) =>
  call('GET', `/Users?filter=${encodeURIComponent(`userName eq "USER${pick(i)}@example.com"`)}`),
);
await time('GET /Users?filter=externalId eq', (i) =>
  call('GET', `/Users?filter=${encodeURIComponent(`externalId eq "ext-${pick(i)}"`)}`),
);
await time('GET /Users/:id', (i) => call('GET', `/Users/${ids[pick(i)]}`));
await time(
  'GET /Users?count=100 (index page, exact totalResults)',
  (i) => call('GET', `/Users?startIndex=${1 + i * 1000}&count=100`),
  5,
);
await time('GET /Users?count=100&cursor= (first cursor page)', () => call('GET', '/Users?count=100&cursor='), 5);
let cursor = '';
await time(
  'GET /Users?count=100&cursor=<next> (walk)',
  async () => {
    const r = await call('GET', `/Users?count=100&cursor=${encodeURIComponent(cursor)}`);
    cursor = (JSON.parse(r.text) as { nextCursor?: string }).nextCursor ?? '';
    return r;
  },
  10,
);
await time('POST /Users', (i) =>
  call('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `new${i}-${Date.now()}@example.com`,
    active: true,
  }),
);
await time('PATCH /Users/:id (replace active)', (i) =>
  call('PATCH', `/Users/${ids[pick(i)]}`, {
    schemas: [PATCH],
    Operations: [{ op: 'replace', value: { active: i % 2 === 0 } }],
  }),
);
await time(`PATCH /Groups/:id add 1 member (group of ${M})`, (i) =>
  call('PATCH', `/Groups/${groupId}`, {
    schemas: [PATCH],
    Operations: [{ op: 'add', path: 'members', value: [{ value: ids[N - 1 - i] }] }],
  }),
);
await time(`PATCH /Groups/:id remove 1 member (group of ${M})`, (i) =>
  call('PATCH', `/Groups/${groupId}`, {
    schemas: [PATCH],
    Operations: [{ op: 'remove', path: `members[value eq "${ids[N - 1 - i]}"]` }],
  }),
);
await time('GET /Groups/:id?excludedAttributes=members', () =>
  call('GET', `/Groups/${groupId}?excludedAttributes=members`),
);
await time(`GET /Groups?filter=members[value eq] (group of ${M})`, (i) =>
  call(
    'GET',
    `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`members[value eq "${ids[pick(i) % M]}"]`)}`,
  ),
);
const before = mem();
let bytes = 0;
await time(
  `GET /Groups/:id with all ${M} members (streamed)`,
  async () => {
    const r = await call('GET', `/Groups/${groupId}`);
    bytes = r.text.length;
    return r;
  },
  2,
);
console.log(
  `  streamed ${(bytes / 1048576).toFixed(0)} MiB of JSON; rss before ${before} MiB, after ${mem()} MiB (the client buffers the body too)`,
);

await app.close();
await roster.close();
rmSync(dir, { recursive: true, force: true });
