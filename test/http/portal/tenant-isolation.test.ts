import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

for (const dialect of await dialects()) {
  describe(`the portal keeps each tenant to itself (${dialect})`, { concurrency: 1 }, () => {
    let p: TestPortal;
    let acme: PortalAgent;
    let userId = '';
    let groupId = '';
    let tokenId = '';
    before(async () => {
      p = await startPortal(dialect);
      // Tenant `default` provisions a user and a group, defines an attribute, and has a token.
      const actor = { kind: 'cli', user: 'test' } as const;
      const connection = await p.roster.tokens.ensureConnection(p.tenantId, 'okta', { actor });
      const token = await p.roster.tokens.issue(p.tenantId, connection, { name: 'default-okta', actor });
      tokenId = token.id;
      await p.roster.attributes.define(p.tenantId, { name: 'secretCode', type: 'string' }, actor);
      userId = (await p.scim(token.secret, 'POST', '/Users', { schemas: [USER], userName: 'default.only@example.com' }))
        .body.id;
      groupId = (
        await p.scim(token.secret, 'POST', '/Groups', {
          schemas: [GROUP],
          displayName: 'Default only',
          members: [{ value: userId }],
        })
      ).body.id;
      await p.roster.provisioningLog.flush();
      const other = await p.roster.tenants.create(`acme-${dialect}`);
      acme = await p.signIn('owner', { tenantId: other.id });
    });
    after(() => p.close());

    it("should show another tenant's admin none of this tenant's users, groups, tokens, events, log or attributes", async () => {
      for (const path of [
        '/admin/directory/users',
        '/admin/directory/groups',
        '/admin/identity/user-provisioning',
        '/admin/identity/audit-history',
        '/admin/identity/provisioning-log',
        '/admin/identity/scim-attributes',
      ]) {
        const res = await acme.get(path);
        assert.equal(res.status, 200, path);
        for (const secret of ['default.only@example.com', 'Default only', 'default-okta', 'secretCode']) {
          assert.ok(!res.body.includes(secret), `${path} shows nothing of tenant default (${secret})`);
        }
      }
      assert.equal((await acme.get(`/admin/directory/users/${userId}`)).status, 404);
      assert.equal((await acme.get(`/admin/directory/groups/${groupId}`)).status, 404);
      assert.equal(
        (await acme.get('/admin/directory/users?by=userName&q=default')).body.includes('default.only'),
        false,
      );
    });

    it("should refuse another tenant's admin every change to this tenant's tokens and attributes", async () => {
      for (const action of ['deactivate', 'renew', 'delete']) {
        const res = await acme.post(`/admin/identity/user-provisioning/tokens/${tokenId}/${action}`, {
          confirm: 'yes',
        });
        assert.equal(res.status, 404, action);
      }
      assert.equal((await p.roster.tokens.get(p.tenantId, tokenId)).status, 'active', 'the token is untouched');
      const removed = await acme.post('/admin/identity/scim-attributes/secretCode/remove', { confirm: 'yes' });
      assert.equal(removed.status, 404);
      assert.deepEqual(
        (await p.roster.attributes.list(p.tenantId)).map((a) => a.name),
        ['secretCode'],
      );
    });
  });
}
