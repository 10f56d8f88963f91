import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import type { StoreDialect } from '../../src/store/dialect/store-dialect.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runCli } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { cliFails, cliJson } from '../helpers/roster-cli.ts';
import { eventsOfType } from '../helpers/audit-events.ts';

const ADMIN = { kind: 'admin', email: 'ann@example.com' } as const;

describe('roster --help', () => {
  it('should list the administration commands and their subcommands', async () => {
    const [top, tokens, log] = await Promise.all([
      runCli(['--help'], {}),
      runCli(['tokens', '--help'], {}),
      runCli(['log', 'list', '--help'], {}),
    ]);
    for (const command of ['serve', 'tokens', 'connections', 'tenants', 'audit', 'log'])
      assert.match(top.stdout, new RegExp(`\\n  ${command} `));
    for (const sub of ['create', 'list', 'activate', 'deactivate', 'renew', 'delete'])
      assert.match(tokens.stdout, new RegExp(`\\n  ${sub} `));
    for (const option of [
      '--connection',
      '--idp',
      '--errors',
      '--search',
      '--since',
      '--until',
      '--limit',
      '--cursor',
      '--json',
    ]) {
      assert.ok(log.stdout.includes(option), option);
    }
  });
});

for (const dialect of await dialects()) {
  describe(`connections and token actions (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    /** The same database, reached directly: to age rows, or read what no service shows. */
    let store: StoreDialect;
    let app: FastifyInstance;
    let tenantId: string;
    const status = async (secret: string) =>
      (await app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: `Bearer ${secret}` } }))
        .statusCode;

    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({ databaseUrl: db.url, poolSize: 4, log: { flushIntervalMs: 5 } });
      store = openStore({ url: db.url, poolSize: 1 });
      app = await buildApp({ roster, logLevel: 'silent' });
      tenantId = (await roster.tenants.findBySlug('default'))!.id;
    });
    after(async () => {
      await app.close();
      await store.close();
      await roster.close();
      await db.drop();
    });

    it('should let only two of three concurrent issues on one connection succeed', async () => {
      const connection = await roster.tokens.ensureConnection(tenantId, 'jumpcloud', { actor: ADMIN });
      const results = await Promise.allSettled(
        [0, 1, 2].map(() => roster.tokens.issue(tenantId, connection, { actor: ADMIN })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
      const refused = results.find((r) => r.status === 'rejected');
      assert.match(
        String((refused as PromiseRejectedResult).reason.message),
        /JumpCloud connection already has 2 tokens/,
      );
    });

    it('should name a token by a unique id prefix, and refuse an ambiguous or unknown one', async () => {
      const [a, b] = await roster.tokens.list(tenantId);
      assert.equal((await roster.tokens.get(tenantId, a!.id.slice(0, 8))).id, a!.id);
      assert.equal((await roster.tokens.get(tenantId, a!.id.toUpperCase())).id, a!.id);
      const other = await roster.tenants.create('elsewhere');
      await assert.rejects(
        roster.tokens.deactivate(other.id, a!.id, ADMIN),
        /No token/,
        "another tenant's token is not found",
      );
      await assert.rejects(roster.tokens.get(tenantId, ''), /No token ""/);
      await assert.rejects(roster.tokens.get(tenantId, '%'), /No token "%"/);
      await assert.rejects(roster.tokens.get(tenantId, 'ffffffff-0000'), /No token/);
      // Ids are random: give two of them a common start.
      const ids = ['abcd1111-0000-4000-8000-000000000001', 'abcd2222-0000-4000-8000-000000000002'];
      for (const [i, token] of [a!, b!].entries()) {
        await store.db.updateTable('tokens').set({ id: ids[i] }).where('id', '=', token.id).execute();
      }
      await assert.rejects(roster.tokens.get(tenantId, 'abcd'), /"abcd" matches more than one token/);
      assert.equal((await roster.tokens.get(tenantId, 'abcd2')).id, ids[1]);
    });

    it('should rename and delete a connection, its tokens refused at once, each recorded with the IdP', async () => {
      const connection = await roster.tokens.ensureConnection(tenantId, 'google', { actor: ADMIN });
      const one = await roster.tokens.issue(tenantId, connection, { name: 'g1', actor: ADMIN });
      const two = await roster.tokens.issue(tenantId, connection, { name: 'g2', actor: ADMIN });
      assert.equal(await status(one.secret), 200);
      await roster.connections.rename(tenantId, connection.slice(0, 8), '  Google (staff)  ', ADMIN);
      await assert.rejects(roster.connections.rename(tenantId, connection, '   ', ADMIN), /1 to 200 characters/);
      const listed = (await roster.connections.list(tenantId, 'https://x/scim/v2')).find((c) => c.id === connection)!;
      assert.equal(listed.name, 'Google (staff)');
      assert.equal(listed.idp, 'Google Workspace');
      assert.equal(listed.tokens, 2);
      assert.equal(listed.scimUrl, 'https://x/scim/v2');
      const deleted = await roster.connections.delete(tenantId, connection, ADMIN);
      assert.equal(deleted.tokensDeleted, 2);
      assert.equal(await status(one.secret), 401);
      assert.equal(await status(two.secret), 401);
      const events = (await roster.audit.list({ tenantId, idpKind: 'google' })).events;
      assert.deepEqual(
        events.map((e) => e.type),
        ['connection.deleted', 'connection.renamed', 'token.created', 'token.created', 'connection.created'],
      );
      assert.ok(events.every((e) => e.details.idp === 'Google Workspace' && e.actor === 'admin:ann@example.com'));
      const gone = [...(eventsOfType(events, 'connection.deleted')[0]?.details.tokensDeleted ?? [])];
      assert.deepEqual(
        gone.sort((x, y) => (x.tokenName < y.tokenName ? -1 : 1)),
        [
          { tokenName: 'g1', hint: one.secret.slice(-4) },
          { tokenName: 'g2', hint: two.secret.slice(-4) },
        ],
      );
      assert.equal(eventsOfType(events, 'connection.renamed')[0]?.details.previousName, 'Google Workspace');
    });

    it('should list connections with activity through the CLI, and answer a bad id with a clear message', async () => {
      const entra = await roster.tokens.ensureConnection(tenantId, 'entra');
      const token = await roster.tokens.issue(tenantId, entra);
      assert.equal(await status(token.secret), 200);
      assert.equal(await status(token.secret), 200);
      await app.inject({
        method: 'GET',
        url: '/scim/v2/Users/missing',
        headers: { authorization: `Bearer ${token.secret}` },
      });
      await roster.provisioningLog.flush();
      const env = { ROSTER_DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://scim.example.com' };
      const list = await cliJson(['connections', 'list'], env);
      const row = list.find((c: any) => c.id === entra);
      assert.deepEqual(
        [row.idpKind, row.idp, row.tokens, row.requests24h, row.errors24h, row.scimUrl],
        ['entra', 'Microsoft Entra ID', 1, 3, 1, 'https://scim.example.com/scim/v2'],
      );
      assert.ok(row.lastRequestAt);
      const bad = await cliFails(['connections', 'delete', 'zzzz'], env);
      assert.match(bad.stderr, /No connection "zzzz"/);
    });
  });
}
