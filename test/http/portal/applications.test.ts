import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventsOfType } from '../../helpers/audit-events.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';

const PAGE = '/admin/identity/applications';
const CREATE = `${PAGE}/tokens`;
const action = (id: string, name: 'activate' | 'deactivate' | 'renew' | 'delete') => `${PAGE}/tokens/${id}/${name}`;

function secretOf(page: string): string {
  const secret = /id="new-token" class="secret" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(secret, 'the page shows the secret');
  return secret;
}

for (const dialect of await dialects()) {
  describe(`Applications page (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    const feed = (token: string) =>
      p.app.inject({ method: 'GET', url: '/api/v1/events', headers: { authorization: `Bearer ${token}` } });

    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
    });
    after(() => p.close());

    it('should show the feed URL, the Create form and an empty table, in the Identity navigation', async () => {
      const res = await owner.get(PAGE);
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('value="https://roster.test/api/v1/events"'));
      assert.ok(res.body.includes(`action="${CREATE}"`));
      assert.match(res.body, /No application tokens yet/);
      assert.match(res.body, /href="\/admin\/identity\/applications" aria-current="page">Applications</);
    });

    it('should create an application token, show its secret once, store only its hash, and audit it', async () => {
      const res = await owner.post(CREATE, { name: 'mirror', scope_events: 'on', scope_directory: 'on' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const secret = secretOf(res.body);
      assert.match(secret, /^rsa_[A-Za-z0-9_-]{43}$/);
      assert.equal((await feed(secret)).statusCode, 200);
      const page = await owner.get(PAGE);
      assert.ok(!page.body.includes(secret), 'the list never shows the secret');
      assert.ok(page.body.includes(`…${secret.slice(-4)}`));
      const { events } = await p.roster.audit.list({ tenantId: p.tenantId, limit: 1000 });
      const created = eventsOfType(events, 'app_token.created');
      assert.equal(created.length, 1);
      assert.deepEqual(created[0]!.details, {
        application: 'mirror',
        scopes: ['directory:read', 'events:read'],
        hint: secret.slice(-4),
        applicationCreated: true,
      });
      assert.equal(created[0]!.actor, `admin:${owner.email}`);
      const audit = await owner.get('/admin/identity/audit-history');
      assert.match(audit.body, /Application token created/);
      assert.match(audit.body, /application “mirror” · token …/);
    });

    it('should refuse a form without a name or scope, and a third token, saying why and changing nothing', async () => {
      const before = await p.roster.applications.list(p.tenantId);
      const noName = await owner.post(CREATE, { name: '  ', scope_events: 'on' });
      assert.equal(noName.status, 400);
      assert.match(noName.body, /An application name must have 1 to 200 characters/);
      const noScope = await owner.post(CREATE, { name: 'reader' });
      assert.equal(noScope.status, 400);
      assert.match(noScope.body, /needs at least one scope/);
      assert.match(noScope.body, /value="reader"/, 'the form keeps what was typed');
      const second = await owner.post(CREATE, { name: 'Mirror', scope_events: 'on', scope_directory: 'on' });
      assert.equal(second.status, 200);
      const third = await owner.post(CREATE, { name: 'mirror', scope_events: 'on', scope_directory: 'on' });
      assert.equal(third.status, 409);
      assert.match(third.body, /already has 2 tokens/);
      assert.equal((await p.roster.applications.list(p.tenantId)).length, before.length + 1);
    });

    it('should deactivate, activate, renew and delete (after a confirmation) from the Select menu', async () => {
      const [token] = await p.roster.applications.list(p.tenantId);
      assert.ok(token);
      const off = await owner.post(action(token.id, 'deactivate'));
      assert.equal(off.status, 303);
      assert.match((await owner.get(String(off.headers.location))).body, /The token is inactive/);
      assert.equal((await p.roster.applications.get(p.tenantId, token.id)).status, 'inactive');
      await owner.post(action(token.id, 'activate'));
      const renewed = await owner.post(action(token.id, 'renew'));
      assert.equal(renewed.status, 200);
      const secret = secretOf(renewed.body);
      assert.equal((await feed(secret)).statusCode, 200);
      const ask = await owner.post(action(token.id, 'delete'));
      assert.equal(ask.status, 200);
      assert.match(ask.body, /Delete the token …/);
      assert.equal((await p.roster.applications.list(p.tenantId)).length, 2, 'asking deletes nothing');
      const done = await owner.post(action(token.id, 'delete'), { confirm: 'yes' });
      assert.equal(done.status, 303);
      assert.equal((await feed(secret)).statusCode, 401);
    });

    it('should be in French for a French browser', async () => {
      const fr = await p.signIn('admin', { locale: 'fr' });
      const res = await fr.get(PAGE);
      assert.match(res.body, /Créer un jeton d'application|Créer un jeton d&#39;application/);
      assert.match(res.body, /Jetons d(&#39;|')application/);
      const audit = await fr.get('/admin/identity/audit-history');
      assert.match(audit.body, /Jeton d(&#39;|')application créé/);
    });

    it('should let a viewer read the page but not create or change tokens (403), and keep tenants apart', async () => {
      const viewer = await p.signIn('viewer');
      const page = await viewer.get(PAGE);
      assert.equal(page.status, 200);
      assert.ok(!page.body.includes(`action="${CREATE}"`));
      assert.equal((await viewer.post(CREATE, { name: 'x', scope_events: 'on' })).status, 403);
      const [token] = await p.roster.applications.list(p.tenantId);
      assert.equal((await viewer.post(action(token!.id, 'deactivate'))).status, 403);
      const other = await p.roster.tenants.create('other-apps');
      const outsider = await p.signIn('owner', { tenantId: other.id });
      assert.equal((await outsider.post(action(token!.id, 'deactivate'))).status, 404);
      assert.ok(!(await outsider.get(PAGE)).body.includes(token!.hint));
      assert.equal((await p.roster.applications.get(p.tenantId, token!.id)).status, 'active');
    });
  });
}
