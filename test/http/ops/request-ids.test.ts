import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { cliJson } from '../../helpers/roster-cli.ts';
import { csrfOf, startPortal, type TestPortal } from '../../helpers/portal.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const dialect of await dialects()) {
  describe(`request ids (${dialect})`, { concurrency: 1 }, () => {
    let direct: TestPortal;
    let proxied: TestPortal;
    let token: string;
    let proxiedToken: string;
    before(async () => {
      [direct, proxied] = await Promise.all([
        startPortal(dialect, { publicUrl: 'https://roster.test', trustProxy: false }),
        startPortal(dialect, { publicUrl: 'https://roster.test', trustProxy: '127.0.0.1' }),
      ]);
      const issue = async (p: TestPortal) => {
        const connectionId = await p.roster.tokens.ensureConnection(p.tenantId, 'okta');
        return (await p.roster.tokens.issue(p.tenantId, connectionId)).secret;
      };
      token = await issue(direct);
      proxiedToken = await issue(proxied);
    });
    after(() => Promise.all([direct.close(), proxied.close()]));

    const post = (p: TestPortal, secret: string, userName: string, requestId?: string) =>
      p.app.inject({
        method: 'POST',
        url: '/scim/v2/Users',
        headers: {
          authorization: `Bearer ${secret}`,
          'content-type': 'application/scim+json',
          ...(requestId !== undefined ? { 'x-request-id': requestId } : {}),
        },
        payload: JSON.stringify({ schemas: [USER], userName }),
      });

    it("should give every request an id of its own, ignoring a client's X-Request-Id when no proxy is trusted", async () => {
      const a = await post(direct, token, 'ids.a', 'client-chosen-id');
      const b = await direct.app.inject({ method: 'GET', url: '/healthz' });
      const c = await direct.app.inject({ method: 'GET', url: '/admin/sign-in' });
      assert.equal(a.statusCode, 201);
      const ids = [a, b, c].map((r) => String(r.headers['x-request-id']));
      for (const id of ids) assert.match(id, UUID);
      assert.equal(new Set(ids).size, 3);
    });

    it("should keep a trusted proxy's well-formed X-Request-Id, and replace a malformed one", async () => {
      const kept = await post(proxied, proxiedToken, 'ids.b', 'Root=1-67891233-abcdef012345678912345678');
      assert.equal(kept.headers['x-request-id'], 'Root=1-67891233-abcdef012345678912345678');
      for (const bad of ['x'.repeat(129), 'has space', 'new\u2028line', '<script>', '']) {
        const res = await post(proxied, proxiedToken, `ids.bad.${Math.random()}`, bad);
        assert.equal(res.statusCode, 201);
        assert.match(String(res.headers['x-request-id']), UUID, JSON.stringify(bad));
      }
    });

    it('should store the id on the provisioning log entry, show it in the portal, and find it by search (portal and CLI)', async () => {
      const res = await post(proxied, proxiedToken, 'ids.searched', 'trace-0042-find-me');
      assert.equal(res.statusCode, 201);
      const other = await post(proxied, proxiedToken, 'ids.other');
      assert.equal(other.statusCode, 201);
      await proxied.roster.provisioningLog.flush();

      const admin = await proxied.signIn('viewer');
      const page = await admin.get('/admin/identity/provisioning-log?text=trace-0042-find-me');
      assert.equal(page.status, 200);
      assert.match(page.body, /<code>trace-0042-find-me<\/code>/);
      assert.match(page.body, /ids\.searched/);
      assert.doesNotMatch(page.body, /ids\.other/, 'the search keeps only the matching request');
      const all = await admin.get('/admin/identity/provisioning-log');
      assert.match(all.body, new RegExp(`<code>${String(other.headers['x-request-id'])}</code>`));

      const cli = await cliJson(['log', 'list', '--search', 'TRACE-0042'], {
        ROSTER_DATABASE_URL: proxied.databaseUrl,
      });
      assert.deepEqual(
        cli.entries.map((e: { requestId: string; userName: string }) => [e.requestId, e.userName]),
        [['trace-0042-find-me', 'ids.searched']],
      );
    });

    it('should store the id on the audit events a portal request causes, and show it on the audit page', async () => {
      const email = 'request-ids@example.com';
      const password = 'correct horse battery staple';
      await direct.roster.admins.create(
        direct.tenantId,
        { email, password, role: 'owner' },
        { kind: 'cli', user: 'test' },
      );
      const agent = direct.anonymous();
      const form = await agent.get('/admin/sign-in');
      const signIn = await agent.post('/admin/sign-in', { _csrf: csrfOf(form.body), email, password });
      assert.equal(signIn.status, 303);
      const requestId = String(signIn.headers['x-request-id']);
      assert.match(requestId, UUID);

      const { events } = await direct.roster.audit.list({
        tenantId: direct.tenantId,
        types: ['admin.signed_in', 'admin.created'],
      });
      const signedIn = events.find((e) => e.type === 'admin.signed_in');
      assert.equal(signedIn?.requestId, requestId);
      assert.equal(
        events.find((e) => e.type === 'admin.created')?.requestId,
        null,
        'an event from outside a request has none',
      );

      const page = await agent.get('/admin/identity/audit-history');
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`<code>${requestId}</code>`));
      const cli = await cliJson(['audit', 'list', '--request', requestId], { ROSTER_DATABASE_URL: direct.databaseUrl });
      assert.deepEqual(
        cli.events.map((e: { type: string }) => e.type),
        ['admin.signed_in'],
      );
    });
  });
}
