import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { assertRefused, cliFails, cliJson, scimOver } from '../helpers/roster-cli.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const names = await dialects();

// The dialects run side by side: most of the time goes to starting CLI processes.
describe('the token lifecycle', { concurrency: names.length }, () => {
  for (const dialect of names) {
    describe(`through the CLI and SCIM (${dialect})`, { concurrency: 1 }, () => {
      let db: FreshDatabase;
      let server: RunningServer;
      let env: Record<string, string>;
      /** Every secret printed during the run: none may appear in storage or logs. */
      const secrets: string[] = [];
      let entra: { id: string; token: string };
      let spare: { id: string; token: string };
      const call = (token: string, method = 'GET', path = '/Users', body?: unknown) =>
        scimOver(server.origin, token, method, path, body);

      before(async () => {
        db = await freshDatabase(dialect);
        env = { ROSTER_DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://scim.example.com', ROSTER_LOG_FLUSH_MS: '20' };
        // The most verbose log level: the secret must stay out of even that.
        server = await startServe({ ...env, ROSTER_LOG_LEVEL: 'trace' });
      });
      after(async () => {
        await server.stop();
        await db.drop();
      });

      it('should issue two tokens that work at once, and refuse a third with a clear message', async () => {
        entra = await cliJson(
          ['tokens', 'create', '--idp', 'entra', '--name', 'entra-main', '--expires-days', '30'],
          env,
        );
        spare = await cliJson(['tokens', 'create', '--idp', 'entra', '--name', 'entra-spare'], env);
        secrets.push(entra.token, spare.token);
        assert.equal(
          (await call(entra.token, 'POST', '/Users', { schemas: [USER], userName: 'ann', nickName: 'a', shoeSize: 44 }))
            .status,
          201,
        );
        assert.equal((await call(spare.token)).status, 200);
        const third = await cliFails(['tokens', 'create', '--idp', 'entra'], env);
        assert.match(third.stderr, /Microsoft Entra ID connection already has 2 tokens, the most it may have/);
      });

      it('should list status, last characters, IdP, dates and last use, never the secret', async () => {
        const res = await runCli(['tokens', 'list', '--json'], env);
        assert.equal(res.code, 0, res.stderr);
        for (const secret of secrets) assert.ok(!res.stdout.includes(secret));
        const list = JSON.parse(res.stdout);
        const main = list.find((t: any) => t.id === entra.id);
        assert.equal(list.length, 2);
        assert.equal(main.status, 'active');
        assert.equal(main.hint, entra.token.slice(-4));
        assert.equal(main.idpKind, 'entra');
        assert.equal(main.idp, 'Microsoft Entra ID');
        assert.equal(main.name, 'entra-main');
        assert.ok(Date.parse(main.expiresAt) - Date.parse(main.createdAt) === 30 * 86_400_000);
        assert.equal(main.renewedAt, null);
        assert.ok(main.lastUsedAt !== null && main.lastUsedAt >= main.createdAt, 'last use is recorded');
      });

      it('should refuse a deactivated token on the very next request, and accept it again once activated', async () => {
        const off = await cliJson(['tokens', 'deactivate', entra.id.slice(0, 8)], env);
        assert.equal(off.status, 'inactive');
        const refused = await call(entra.token);
        assertRefused(refused, 'deactivated token');
        assert.match(refused.body.detail, /inactive/);
        assert.equal((await call(spare.token)).status, 200, 'the other token is unaffected');
        const on = await cliJson(['tokens', 'activate', entra.id], env);
        assert.equal(on.status, 'active');
        assert.equal((await call(entra.token)).status, 200);
      });

      it('should renew: the old secret is refused at once, the new one works and is printed once', async () => {
        const res = await runCli(['tokens', 'renew', entra.id.slice(0, 6)], env);
        assert.equal(res.code, 0, res.stderr);
        const renewed = /Token: +(rst_\S+)/.exec(res.stdout)?.[1];
        assert.ok(renewed, res.stdout);
        secrets.push(renewed);
        assert.equal(res.stdout.split(renewed).length, 2, 'the new secret appears exactly once');
        assert.match(res.stdout, /old secret no longer works/);
        assertRefused(await call(entra.token), 'old secret after renewal');
        assert.equal((await call(renewed)).status, 200);
        entra = { id: entra.id, token: renewed };
      });

      it('should refuse a deleted token, and then let the connection issue another', async () => {
        const deleted = await cliJson(['tokens', 'delete', spare.id], env);
        assert.equal(deleted.id, spare.id);
        assertRefused(await call(spare.token), 'deleted token');
        const replacement = await cliJson(['tokens', 'create', '--idp', 'entra'], env);
        secrets.push(replacement.token);
        assert.equal((await call(replacement.token)).status, 200);
      });

      // Expiry itself, which needs time to pass, is in token-expiry.test.ts (on a clock the test moves).
      it('should list a lifetime that restarts on renewal, and a token created with one', async () => {
        const okta = await cliJson(['tokens', 'create', '--idp', 'okta', '--expires-days', '7'], env);
        secrets.push(okta.token);
        assert.equal((await call(okta.token)).status, 200);
        const listed = await cliJson(['tokens', 'list'], env);
        const created = listed.find((t: any) => t.id === okta.id);
        assert.equal(created.status, 'active');
        assert.equal(Date.parse(created.expiresAt) - Date.parse(created.createdAt), 7 * 86_400_000);
        // The entra token renewed before: new last characters, renewal time, the lifetime again from then.
        const main = listed.find((t: any) => t.id === entra.id);
        assert.equal(main.hint, entra.token.slice(-4));
        assert.ok(main.renewedAt !== null);
        assert.equal(Date.parse(main.expiresAt) - Date.parse(main.renewedAt), 30 * 86_400_000, 'the lifetime restarts');
        const renewed = await cliJson(['tokens', 'renew', okta.id], env);
        secrets.push(renewed.token);
        assert.equal((await call(renewed.token)).status, 200);
        const after = (await cliJson(['tokens', 'list'], env)).find((t: any) => t.id === okta.id);
        assert.equal(after.expiresAt, renewed.expiresAt);
        assert.equal(
          Date.parse(after.expiresAt) - Date.parse(after.renewedAt),
          7 * 86_400_000,
          'the 7-day lifetime restarts',
        );
      });

      it('should have recorded each action as an audit event naming the IdP and the actor', async () => {
        const { events } = await cliJson(['audit', 'list', '--limit', '100'], env);
        const of = (type: string) => events.filter((e: any) => e.type === type);
        assert.equal(of('token.created').length, 4);
        assert.equal(of('token.deactivated').length, 1);
        assert.equal(of('token.activated').length, 1);
        assert.equal(of('token.renewed').length, 2);
        assert.equal(of('token.deleted').length, 1);
        assert.equal(of('connection.created').length, 2);
        for (const e of events.filter((e: any) => e.type.startsWith('token.'))) {
          assert.ok(['Microsoft Entra ID', 'Okta'].includes(e.details.idp), JSON.stringify(e));
          assert.equal(e.details.idp, e.idpKind === 'okta' ? 'Okta' : 'Microsoft Entra ID');
          assert.equal(typeof e.details.tokenName, 'string');
          assert.match(e.details.hint, /^\S{4}$/);
          assert.match(e.actor, /^cli(:.+)?$/);
        }
        const deactivated = of('token.deactivated')[0];
        assert.equal(deactivated.targetId, entra.id);
        assert.equal(deactivated.details.tokenName, 'entra-main');
        const times = events.map((e: any) => e.at);
        assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      });

      it('should store only hashes, and keep every secret out of the server log and the provisioning log', async () => {
        const store = openStore({ url: db.url });
        try {
          const rows = await store.db.selectFrom('tokens').selectAll().execute();
          const stored = JSON.stringify(rows);
          assert.ok(rows.length > 0);
          for (const secret of secrets) {
            assert.ok(!stored.includes(secret), 'no column holds a secret');
            assert.ok(!stored.includes(secret.slice(4, 20)), 'nor a part of one');
          }
          const current = rows.find((r) => r.id === entra.id);
          assert.equal(current?.secret_hash, createHash('sha256').update(entra.token).digest('hex'));
          const auditRows = JSON.stringify(await store.db.selectFrom('audit_events').selectAll().execute());
          for (const secret of secrets) assert.ok(!auditRows.includes(secret));
        } finally {
          await store.close();
        }
        // A client that misplaces its token into the URL must not get it logged either.
        await fetch(`${server.origin}/scim/v2/Users?access_token=${entra.token}`, {
          headers: { authorization: `Bearer ${entra.token}` },
        });
        const log = await cliJson(['log', 'list', '--limit', '1000'], env);
        assert.ok(
          log.entries.some((e: any) => e.status === 401 && /inactive/.test(e.detail)),
          'refusals of a known token are logged',
        );
        assert.ok(
          log.entries.some((e: any) => e.status === 201 && e.userName === 'ann' && e.ignored.includes('shoeSize')),
        );
        const logged = JSON.stringify(log);
        const output = server.output();
        assert.match(output, /"level":10|"level":20|incoming request/, 'the server logged requests');
        for (const secret of secrets) {
          assert.ok(!logged.includes(secret), 'provisioning log');
          assert.ok(!output.includes(secret), 'server log');
        }
        assert.ok(!/rst_[A-Za-z0-9_-]{8}/.test(output), 'nothing secret-shaped in the server log');
      });
    });
  }
});
