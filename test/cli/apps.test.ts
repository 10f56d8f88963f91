import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { cliFails, cliJson } from '../helpers/roster-cli.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const names = await dialects();

// The dialects run side by side: most of the time goes to starting CLI processes.
describe('roster apps', { concurrency: names.length }, () => {
  for (const dialect of names) {
    describe(`through the CLI, the feed and SCIM (${dialect})`, { concurrency: 1 }, () => {
      let db: FreshDatabase;
      let server: RunningServer;
      let env: Record<string, string>;
      const secrets: string[] = [];
      let mirror: { id: string; token: string };
      const get = async (token: string, path: string) => {
        const res = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
      };

      before(async () => {
        db = await freshDatabase(dialect);
        env = { ROSTER_DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://scim.example.com' };
        server = await startServe({ ...env, ROSTER_LOG_LEVEL: 'trace' });
      });
      after(async () => {
        await server.stop();
        await db.drop();
      });

      it('should create an application with both scopes by default, print the secret once, and read the feed with it', async () => {
        const res = await runCli(['apps', 'create', '--name', 'mirror'], env);
        assert.equal(res.code, 0, res.stderr);
        const token = /Token: +(rsa_\S+)/.exec(res.stdout)?.[1];
        assert.ok(token, res.stdout);
        assert.equal(res.stdout.split(token).length, 2, 'printed exactly once');
        assert.match(res.stdout, /Scopes: +directory:read, events:read/);
        assert.match(res.stdout, /Feed URL: +https:\/\/scim\.example\.com\/api\/v1\/events/);
        const id = /Token id: +(\S+)/.exec(res.stdout)?.[1] ?? '';
        mirror = { id, token };
        secrets.push(token);
        assert.equal((await get(token, '/api/v1/events')).status, 200);
        assert.equal((await get(token, '/scim/v2/Users')).status, 200);
      });

      /** The stored applications and tokens, read without starting a CLI process. */
      const stored = async () => {
        const store = openStore({ url: db.url });
        try {
          return {
            applications: await store.db.selectFrom('applications').selectAll().orderBy('id').execute(),
            tokens: await store.db.selectFrom('app_tokens').selectAll().orderBy('id').execute(),
          };
        } finally {
          await store.close();
        }
      };

      it('should refuse bad input with a clear message, changing nothing', async () => {
        const before = await stored();
        assert.match(
          (await cliFails(['apps', 'create', '--name', 'x', '--scopes', 'events:write'], env)).stderr,
          /Unknown scope "events:write"/,
        );
        assert.match(
          (await cliFails(['apps', 'create', '--name', 'MIRROR', '--scopes', 'events:read'], env)).stderr,
          /exists with the scopes directory:read,events:read/,
        );
        assert.match((await cliFails(['apps', 'renew', 'ffffffff'], env)).stderr, /No application token "ffffffff"/);
        assert.deepEqual(await stored(), before);
      });

      it('should add a second token for rotation, refuse a third, and list them without secrets', async () => {
        const spare = await cliJson(['apps', 'create', '--name', 'Mirror'], env);
        secrets.push(spare.token);
        assert.equal(spare.application, 'mirror');
        assert.deepEqual(spare.scopes, ['directory:read', 'events:read']);
        assert.match((await cliFails(['apps', 'create', '--name', 'mirror'], env)).stderr, /already has 2 tokens/);
        const feedOnly = await cliJson(['apps', 'create', '--name', 'audit-sink', '--scopes', 'events:read'], env);
        secrets.push(feedOnly.token);
        assert.equal((await get(feedOnly.token, '/scim/v2/Users')).status, 403);
        const table = await runCli(['apps', 'list'], env);
        assert.equal(table.code, 0, table.stderr);
        for (const secret of secrets) assert.ok(!table.stdout.includes(secret));
        assert.match(table.stdout, /APPLICATION +SCOPES/);
        assert.match(
          table.stdout,
          new RegExp(`${mirror.id.slice(0, 8)} +mirror +directory:read,events:read +…${mirror.token.slice(-4)}`),
        );
        assert.match(table.stdout, /audit-sink +events:read/);
      });

      it('should deactivate, activate, renew and delete, each taking effect on the next request', async () => {
        assert.equal((await cliJson(['apps', 'deactivate', mirror.id.slice(0, 8)], env)).status, 'inactive');
        assert.equal((await get(mirror.token, '/api/v1/events')).status, 401);
        assert.equal((await cliJson(['apps', 'activate', mirror.id], env)).status, 'active');
        assert.equal((await get(mirror.token, '/api/v1/events')).status, 200);
        const renewed = await cliJson(['apps', 'renew', mirror.id], env);
        secrets.push(renewed.token);
        assert.equal((await get(mirror.token, '/api/v1/events')).status, 401);
        assert.equal((await get(renewed.token, '/api/v1/events')).status, 200);
        mirror = { id: mirror.id, token: renewed.token };
        await cliJson(['apps', 'delete', mirror.id], env);
        assert.equal((await get(mirror.token, '/api/v1/events')).status, 401);
      });

      it('should audit every action, and delete the application with its last token', async () => {
        const { applications } = await stored();
        const sinkApp = applications.find((a) => a.name === 'audit-sink')!;
        const [sinkRow] = (await stored()).tokens.filter((t) => t.application_id === sinkApp.id);
        const deleted = await cliJson(['apps', 'delete', sinkRow!.id], env);
        assert.equal(deleted.application, 'audit-sink');
        assert.ok(!(await stored()).applications.some((a) => a.name === 'audit-sink'), 'the application went with it');
        const { events } = await cliJson(['audit', 'list', '--limit', '100'], env);
        const of = (type: string) => events.filter((e: any) => e.type === type);
        assert.equal(of('app_token.created').length, 3);
        assert.equal(of('app_token.deactivated').length, 1);
        assert.equal(of('app_token.activated').length, 1);
        assert.equal(of('app_token.renewed').length, 1);
        assert.equal(of('app_token.deleted').length, 2);
        for (const e of events.filter((e: any) => e.type.startsWith('app_token.')))
          assert.match(e.actor, /^cli(:.+)?$/);
        assert.equal(of('app_token.deleted')[0].details.applicationDeleted, true);
        assert.equal(of('app_token.created').at(-1).details.applicationCreated, true);
      });

      it('should store only hashes, and keep every secret out of the server log', async () => {
        // A write over SCIM with an IdP token, then reads that misplace an app token into the URL.
        const idp = await cliJson(['tokens', 'create', '--idp', 'okta'], env);
        const created = await fetch(`${server.origin}/scim/v2/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${idp.token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({ schemas: [USER], userName: 'ann' }),
        });
        assert.equal(created.status, 201);
        const { applications, tokens } = await stored();
        const current = tokens.find((t) => t.application_id === applications.find((a) => a.name === 'mirror')?.id)!;
        const live = secrets.find((s) => s.endsWith(current.hint))!;
        assert.equal((await get(live, `/api/v1/events?access_token=${live}`)).status, 401);
        assert.equal((await get(live, `/scim/v2/Users?access_token=${live}`)).status, 401);
        const store = openStore({ url: db.url });
        try {
          const rows = await store.db.selectFrom('app_tokens').selectAll().execute();
          const stored = JSON.stringify([
            rows,
            await store.db.selectFrom('applications').selectAll().execute(),
            await store.db.selectFrom('audit_events').selectAll().execute(),
            await store.db.selectFrom('events').selectAll().execute(),
          ]);
          for (const secret of secrets) {
            assert.ok(!stored.includes(secret), 'no column holds a secret');
            assert.ok(!stored.includes(secret.slice(4, 20)), 'nor a part of one');
          }
          assert.equal(
            rows.find((r) => r.id === current.id)?.secret_hash,
            createHash('sha256').update(live).digest('hex'),
          );
        } finally {
          await store.close();
        }
        // Both misplaced tokens were logged masked (a wait fails the test if they never are).
        const output = await server.waitForOutput(/access_token=rsa_\[redacted\][^]*access_token=rsa_\[redacted\]/);
        for (const secret of secrets) assert.ok(!output.includes(secret), 'server log');
        assert.ok(!/rsa_[A-Za-z0-9_-]{8}/.test(output), 'nothing secret-shaped in the server log');
      });
    });
  }
});
