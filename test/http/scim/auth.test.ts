import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

for (const dialect of await dialects()) {
  describe(`bearer authentication (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    const call = (authorization?: string) =>
      s.app.inject({
        method: 'GET',
        url: '/scim/v2/Users',
        headers: authorization === undefined ? {} : { authorization },
      });

    it('should refuse a request without a token: 401 with a SCIM error body', async () => {
      const res = await call();
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers['content-type']), /application\/scim\+json/);
      const body = res.json();
      assert.equal(body.status, '401');
      assert.deepEqual(body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    });

    it('should refuse an unknown token and a token with one character changed', async () => {
      assert.equal((await call('Bearer rst_nope')).statusCode, 401);
      const last = s.token.at(-1) === 'A' ? 'B' : 'A';
      assert.equal((await call(`Bearer ${s.token.slice(0, -1)}${last}`)).statusCode, 401);
      assert.equal((await call(`Basic ${s.token}`)).statusCode, 401);
    });

    it('should accept the token with any case of the Bearer scheme', async () => {
      assert.equal((await call(`Bearer ${s.token}`)).statusCode, 200);
      assert.equal((await call(`bearer ${s.token}`)).statusCode, 200);
    });

    it('should answer unknown SCIM paths with a SCIM 404', async () => {
      const res = await s.scim('GET', '/Nope');
      assert.equal(res.status, 404);
      assert.equal(res.body.status, '404');
    });

    it('should keep another tenant out: a token of tenant B cannot see tenant A', async () => {
      const created = await s.scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'tenant.a.user',
      });
      assert.equal(created.status, 201);
      const other = await s.roster.tenants.create('other');
      const connection = await s.roster.tokens.ensureConnection(other.id, 'okta');
      const { secret } = await s.roster.tokens.issue(other.id, connection);
      const headers = { authorization: `Bearer ${secret}` };
      const get = await s.app.inject({ method: 'GET', url: `/scim/v2/Users/${created.body.id}`, headers });
      assert.equal(get.statusCode, 404);
      const list = await s.app.inject({ method: 'GET', url: '/scim/v2/Users', headers });
      assert.equal(list.json().totalResults, 0);
      const del = await s.app.inject({ method: 'DELETE', url: `/scim/v2/Users/${created.body.id}`, headers });
      assert.equal(del.statusCode, 404);
      assert.equal((await s.scim('GET', `/Users/${created.body.id}`)).status, 200);
    });
  });
}
