import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { scimOver } from '../helpers/roster-cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const scim = scimOver;

describe('roster --help', () => {
  it('should list the commands', async () => {
    const res = await runCli(['--help'], {});
    assert.equal(res.code, 0);
    assert.match(res.stdout, /serve/);
    assert.match(res.stdout, /tokens/);
    const tokens = await runCli(['tokens', 'create', '--help'], {});
    assert.match(tokens.stdout, /--idp <kind>/);
    assert.match(tokens.stdout, /--json/);
  });
});

for (const dialect of await dialects()) {
  describe(`roster migrate (${dialect})`, () => {
    it('should apply every migration once, then report the database up to date', async () => {
      const db = await freshDatabase(dialect);
      try {
        const env = { ROSTER_DATABASE_URL: db.url };
        const first = await runCli(['migrate', '--json'], env);
        assert.equal(first.code, 0, first.stderr);
        assert.ok(JSON.parse(first.stdout).applied.includes('0001-directory'));
        const again = await runCli(['migrate'], env);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /up to date/);
      } finally {
        await db.drop();
      }
    });
  });

  describe(`roster serve and roster tokens (${dialect})`, () => {
    let db: FreshDatabase;
    let server: RunningServer;
    let env: Record<string, string>;
    before(async () => {
      db = await freshDatabase(dialect);
      env = { ROSTER_DATABASE_URL: db.url, ROSTER_PUBLIC_URL: 'https://scim.example.com' };
      server = await startServe(env);
    });
    after(async () => {
      await server.stop();
      await db.drop();
    });

    it('should issue a token while the server runs, usable at once', async () => {
      const res = await runCli(['tokens', 'create', '--idp', 'entra', '--json'], env);
      assert.equal(res.code, 0, res.stderr);
      const out = JSON.parse(res.stdout);
      assert.match(out.token, /^rst_[A-Za-z0-9_-]{43}$/);
      assert.equal(out.scimUrl, 'https://scim.example.com/scim/v2');
      assert.equal(typeof out.id, 'string');
      assert.equal(out.idp, 'entra');
      const created = await scim(server.origin, out.token, 'POST', '/Users', { schemas: [USER], userName: 'cli.user' });
      assert.equal(created.status, 201);
      assert.equal(created.body.meta.location, `https://scim.example.com/scim/v2/Users/${created.body.id}`);
    });

    it('should print the secret once in the human format, and refuse a third token for one IdP', async () => {
      const first = await runCli(['tokens', 'create', '--idp', 'okta', '--name', 'okta-1'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Token: +rst_/);
      assert.match(first.stdout, /SCIM base URL: +https:\/\/scim\.example\.com\/scim\/v2/);
      assert.equal((await runCli(['tokens', 'create', '--idp', 'okta'], env)).code, 0);
      const third = await runCli(['tokens', 'create', '--idp', 'okta'], env);
      assert.equal(third.code, 1);
      assert.match(third.stderr, /at most|most it may have/);
    });

    it('should refuse an unknown IdP kind and an unknown tenant with a clear message', async () => {
      const kind = await runCli(['tokens', 'create', '--idp', 'myspace'], env);
      assert.equal(kind.code, 1);
      assert.match(kind.stderr, /Unknown identity provider "myspace"/);
      const tenant = await runCli(['tokens', 'create', '--idp', 'entra', '--tenant', 'nope'], env);
      assert.equal(tenant.code, 1);
      assert.match(tenant.stderr, /No tenant "nope"/);
    });

    it('should keep an acknowledged write when the process is killed', async () => {
      const { stdout } = await runCli(['tokens', 'create', '--idp', 'generic', '--json'], env);
      const { token } = JSON.parse(stdout);
      const created = await scim(server.origin, token, 'POST', '/Users', { schemas: [USER], userName: 'durable' });
      assert.equal(created.status, 201);
      await server.stop('SIGKILL');
      server = await startServe(env);
      const got = await scim(server.origin, token, 'GET', `/Users/${created.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.userName, 'durable');
    });
  });
}
