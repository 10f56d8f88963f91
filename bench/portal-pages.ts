/**
 * Portal pages at scale: a tenant with N users, a group of all of them, a provisioning log
 * and an audit history, then each page timed in process (`app.inject`: server time only).
 *
 *   npx tsx bench/portal-pages.ts --dialect sqlite --users 100000
 *   npx tsx bench/portal-pages.ts --dialect postgres --url postgres://root@127.0.0.1:5432/bench
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/http/app.ts';
import { openRoster } from '../src/roster.ts';
import { seedDirectory } from './seed-directory.ts';
import { openStore } from '../src/store/open-store.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    users: { type: 'string', default: '100000' },
    log: { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '20' },
  },
});
const N = Number(args.users);
const LOG = Number(args.log);
const REPEAT = Number(args.repeat);

const url =
  args.dialect === 'postgres'
    ? (args.url ?? 'postgres://root@127.0.0.1:5432/test')
    : join(mkdtempSync(join(tmpdir(), 'roster-bench-')), 'bench.db');
const roster = await openRoster({ databaseUrl: url, poolSize: 10, log: { flushIntervalMs: 50 } });
const tenant = (await roster.tenants.findBySlug('default'))!;
const t0 = Date.now();
const { ids, groupId } = await seedDirectory(url, tenant.id, N, N);

// Tokens and their audit trail: what the provisioning and audit pages read.
const actor = { kind: 'cli', user: 'bench' } as const;
const tokens = [];
for (const kind of ['entra', 'okta', 'onelogin'] as const) {
  const connectionId = await roster.tokens.ensureConnection(tenant.id, kind);
  const token = await roster.tokens.issue(tenant.id, connectionId, { name: `${kind}-main` });
  tokens.push({ ...token, connectionId, kind });
  for (let i = 0; i < 300; i++) {
    await (i % 2
      ? roster.tokens.activate(tenant.id, token.id, actor)
      : roster.tokens.deactivate(tenant.id, token.id, actor));
  }
}
// A day of SCIM traffic in the provisioning log, one entry in twenty an error.
const start = Date.now() - 86_000_000;
for (let i = 0; i < LOG; i++) {
  const t = tokens[i % tokens.length]!;
  const user = i % N;
  roster.provisioningLog.record({
    at: new Date(start + Math.floor((i * 86_000_000) / LOG)).toISOString(),
    tenantId: tenant.id,
    connectionId: t.connectionId,
    tokenId: t.id,
    idpKind: t.kind,
    method: 'PATCH',
    path: `/scim/v2/Users/${ids[user]}`,
    status: i % 20 === 0 ? 400 : 200,
    scimType: i % 20 === 0 ? 'invalidValue' : null,
    durationMs: 3.2,
    resourceType: 'User',
    resourceId: ids[user]!,
    userName: `user${user}@example.com`,
    displayName: null,
    detail: i % 20 === 0 ? 'Attribute active must be a boolean' : null,
    ignored: [],
  });
  if (i % 5000 === 4999) await roster.provisioningLog.flush();
}
await roster.provisioningLog.flush();
// A store of the bench's own, for what no service offers (statistics, counts).
const store = openStore({ url, poolSize: 2 });
if (store.kind === 'postgres') {
  const { sql } = await import('kysely');
  await sql`analyze`.execute(store.db);
}
console.log(
  `seeded ${N} users, a group of ${N}, ${LOG} log entries, ${await auditCount()} audit events in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

async function auditCount(): Promise<number> {
  const row = await store.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// An owner's session, as signing in would make it.
const admin = await roster.admins.create(
  tenant.id,
  { email: 'bench@example.com', password: 'bench passphrase', role: 'owner' },
  actor,
);
const { secret } = await roster.sessions.create(admin.id);
const app = await buildApp({ roster, logLevel: 'warn' });
const cookie = `roster_session=${secret}`;

async function get(path: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.body;
}
const nextLink = (page: string): string | undefined =>
  /<a href="([^"]+)" rel="next">/.exec(page)?.[1]?.replaceAll('&amp;', '&');

async function time(label: string, path: (i: number) => string | Promise<string>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const p = await path(i);
    const s = process.hrtime.bigint();
    await get(p);
    ms.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const q = (x: number) => ms[Math.min(ms.length - 1, Math.floor(x * ms.length))]!.toFixed(1);
  console.log(`| ${label} | ${q(0.5)} | ${q(0.95)} |`);
}
const pick = (i: number) => Math.floor((i * 7919) % N);

console.log(`\n${args.dialect}, ${N} users; server time per page (ms)\n\n| page | p50 | p95 |\n|---|---|---|`);
await time('User Provisioning (3 tokens, their 24 h traffic)', () => '/admin/identity/user-provisioning');
await time('Audit History, first page', () => '/admin/identity/audit-history');
await time(
  'Audit History, filtered by IdP and type',
  () => '/admin/identity/audit-history?idp=okta&type=token.deactivated',
);
await time('Provisioning log, first page', () => '/admin/identity/provisioning-log');
await time('Provisioning log, errors only', () => '/admin/identity/provisioning-log?status=errors');
await time(
  'Provisioning log, text search (rare)',
  (i) => `/admin/identity/provisioning-log?text=user${pick(i)}%40example.com`,
);
await time('SCIM Attributes', () => '/admin/identity/scim-attributes');
await time('Directory: users, first page', () => '/admin/directory/users');
await time('Directory: users by userName prefix', (i) => `/admin/directory/users?by=userName&q=user${pick(i)}`);
await time(
  'Directory: users by displayName prefix',
  (i) => `/admin/directory/users?by=displayName&q=${encodeURIComponent(`User ${pick(i)}`)}`,
);
await time('Directory: users by externalId', (i) => `/admin/directory/users?by=externalId&q=ext-${pick(i)}`);
await time('Directory: one user (attributes, groups, log)', (i) => `/admin/directory/users/${ids[pick(i)]}`);
await time('Directory: groups', () => '/admin/directory/groups');
await time(`Directory: group of ${N} members, first page`, () => `/admin/directory/groups/${groupId}`);
let deep = `/admin/directory/groups/${groupId}`;
for (let i = 0; i < 50; i++) deep = nextLink(await get(deep)) ?? deep;
await time(`Directory: group of ${N} members, page 51`, () => deep);
await app.close();
await store.close();
await roster.close();
