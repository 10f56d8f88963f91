import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

for (const dialect of await dialects()) {
  describe(`discovery endpoints (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    it('should describe what the server does in /ServiceProviderConfig', async () => {
      const res = await s.scim('GET', '/ServiceProviderConfig');
      assert.equal(res.status, 200);
      const c = res.body;
      assert.deepEqual(c.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
      for (const feature of ['patch', 'bulk', 'filter', 'sort', 'etag', 'changePassword']) {
        assert.equal(c[feature].supported, true, feature);
      }
      assert.equal(c.filter.maxResults, 1000);
      assert.equal(c.bulk.maxOperations, 1000);
      assert.equal(c.pagination.cursor, true);
      assert.equal(c.pagination.index, true);
      assert.equal(c.authenticationSchemes[0].type, 'oauthbearertoken');
      const alias = await s.scim('GET', '/serviceConfiguration');
      assert.deepEqual(alias.body.patch, c.patch);
    });

    it('should list User and Group in /ResourceTypes, with the enterprise extension', async () => {
      const res = await s.scim('GET', '/ResourceTypes');
      assert.equal(res.status, 200);
      assert.equal(res.body.totalResults, 2);
      const [user, group] = res.body.Resources;
      assert.equal(user.endpoint, '/Users');
      assert.equal(user.schema, 'urn:ietf:params:scim:schemas:core:2.0:User');
      assert.deepEqual(user.schemaExtensions, [
        { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      ]);
      assert.equal(group.endpoint, '/Groups');
      const one = await s.scim('GET', '/ResourceTypes/User');
      assert.equal(one.body.id, 'User');
      assert.equal((await s.scim('GET', '/ResourceTypes/Device')).status, 404);
    });

    it('should publish the schemas that validate requests', async () => {
      const res = await s.scim('GET', '/Schemas');
      assert.equal(res.status, 200);
      const ids = res.body.Resources.map((r: { id: string }) => r.id);
      assert.deepEqual(ids.sort(), [
        'urn:ietf:params:scim:schemas:core:2.0:Group',
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ]);
      const user = await s.scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
      const userName = user.body.attributes.find((a: { name: string }) => a.name === 'userName');
      assert.equal(userName.uniqueness, 'server');
      assert.equal(userName.caseExact, false);
      assert.equal(userName.required, true);
      const password = user.body.attributes.find((a: { name: string }) => a.name === 'password');
      assert.equal(password.returned, 'never');
      assert.equal(user.body.description, 'User Account');
    });

    it('should refuse other methods with 405 and filters with 403', async () => {
      for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas']) {
        const res = await s.scim('POST', path, { test: 1 });
        assert.equal(res.status, 405, path);
        assert.equal(res.body.status, '405');
      }
      const filtered = await s.scim('GET', `/Schemas?filter=${encodeURIComponent('id eq "x"')}`);
      assert.equal(filtered.status, 403);
    });
  });
}
