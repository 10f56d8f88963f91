import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { appToken } from '../../helpers/feed.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

for (const dialect of await dialects()) {
  describe(`application tokens on the SCIM API (${dialect})`, () => {
    let s: TestServer;
    let reader: string;
    let user: any;
    let group: any;
    const as = async (
      token: string,
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      path: string,
      body?: unknown,
    ) => {
      const res = await s.app.inject({
        method,
        url: `/scim/v2${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    };
    /** Everything the tenant holds, as the IdP's token reads it. */
    const directory = async () => ({
      users: (await s.scim('GET', '/Users')).body,
      groups: (await s.scim('GET', '/Groups')).body,
    });

    before(async () => {
      s = await startServer(dialect);
      reader = await appToken(s.roster, s.tenantId, 'reader', 'directory:read');
      user = (await s.scim('POST', '/Users', { schemas: [USER], userName: 'ann', displayName: 'Ann' })).body;
      group = (
        await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'staff', members: [{ value: user.id }] })
      ).body;
    });
    after(() => s.close());

    it('should let directory:read read users and groups: GET, filters, .search, discovery', async () => {
      assert.equal((await as(reader, 'GET', `/Users/${user.id}`)).body.userName, 'ann');
      const filtered = await as(reader, 'GET', '/Users?filter=userName%20eq%20%22ann%22');
      assert.equal(filtered.status, 200);
      assert.equal(filtered.body.totalResults, 1);
      const members = (await as(reader, 'GET', `/Groups/${group.id}`)).body.members;
      assert.deepEqual(
        members.map((m: any) => m.value),
        [user.id],
      );
      const search = await as(reader, 'POST', '/Users/.search', { schemas: [SEARCH], filter: 'displayName sw "An"' });
      assert.equal(search.status, 200);
      assert.equal(search.body.totalResults, 1);
      assert.equal((await as(reader, 'POST', '/Groups/.search', { schemas: [SEARCH] })).body.totalResults, 1);
      assert.equal((await as(reader, 'POST', '/.search', { schemas: [SEARCH] })).body.totalResults, 2);
      for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/Schemas/' + USER]) {
        assert.equal((await as(reader, 'GET', path)).status, 200, path);
      }
    });

    it('should refuse every write with 403 and a SCIM error body, changing nothing', async () => {
      const before = await directory();
      const writes: [Parameters<typeof as>[1], string, unknown][] = [
        ['POST', '/Users', { schemas: [USER], userName: 'mallory' }],
        ['PUT', `/Users/${user.id}`, { schemas: [USER], userName: 'ann', active: false }],
        [
          'PATCH',
          `/Users/${user.id}`,
          { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
        ],
        ['DELETE', `/Users/${user.id}`, undefined],
        ['POST', '/Groups', { schemas: [GROUP], displayName: 'evil' }],
        ['PATCH', `/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] }],
        ['PUT', `/Groups/${group.id}`, { schemas: [GROUP], displayName: 'renamed' }],
        ['DELETE', `/Groups/${group.id}`, undefined],
        ['POST', '/Bulk', { schemas: [BULK], Operations: [{ method: 'DELETE', path: `/Users/${user.id}` }] }],
      ];
      for (const [method, path, body] of writes) {
        const res = await as(reader, method, path, body);
        assert.equal(res.status, 403, `${method} ${path}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
        assert.equal(res.body.status, '403');
        assert.match(res.body.detail, /only read/);
      }
      assert.deepEqual(await directory(), before);
    });

    it('should refuse a token without directory:read with 403, on reads too', async () => {
      const feedOnly = await appToken(s.roster, s.tenantId, 'feed-only', 'events:read');
      const res = await as(feedOnly, 'GET', '/Users');
      assert.equal(res.status, 403);
      assert.match(res.body.detail, /directory:read/);
      assert.equal((await as(feedOnly, 'POST', '/Users/.search', { schemas: [SEARCH] })).status, 403);
    });

    it('should refuse an inactive, renewed-away or deleted application token with 401', async () => {
      const issued = await s.roster.applications.issue(s.tenantId, { name: 'rotating', actor: { kind: 'system' } });
      assert.equal((await as(issued.secret, 'GET', '/Users')).status, 200);
      await s.roster.applications.deactivate(s.tenantId, issued.token.id, { kind: 'system' });
      assert.equal((await as(issued.secret, 'GET', '/Users')).status, 401);
      await s.roster.applications.activate(s.tenantId, issued.token.id, { kind: 'system' });
      const renewed = await s.roster.applications.renew(s.tenantId, issued.token.id, { kind: 'system' });
      assert.equal((await as(issued.secret, 'GET', '/Users')).status, 401);
      assert.equal((await as(renewed.secret, 'GET', '/Users')).status, 200);
      await s.roster.applications.delete(s.tenantId, issued.token.id, { kind: 'system' });
      assert.equal((await as(renewed.secret, 'GET', '/Users')).status, 401);
    });

    it('should keep IdP tokens working as before, writes included', async () => {
      const created = await s.scim('POST', '/Users', { schemas: [USER], userName: 'bob' });
      assert.equal(created.status, 201);
      assert.equal((await s.scim('DELETE', `/Users/${created.body.id}`)).status, 204);
    });

    it("should keep application requests out of the provisioning log, which is the IdPs'", async () => {
      await as(reader, 'GET', `/Users/${user.id}?marker=app-read`);
      await s.scim('GET', `/Users/${user.id}?marker=idp-read`);
      await s.roster.provisioningLog.flush();
      const page = await s.roster.provisioningLog.query({ tenantId: s.tenantId, text: 'marker=', limit: 100 });
      const paths = page.entries.map((e) => e.path);
      assert.ok(
        paths.some((p) => p.includes('marker=idp-read')),
        paths.join(' '),
      );
      assert.ok(!paths.some((p) => p.includes('marker=app-read')), paths.join(' '));
    });

    it('should not let an application token of another tenant see this one', async () => {
      const other = await s.roster.tenants.create(`elsewhere-${dialect}`);
      const foreign = await appToken(s.roster, other.id, 'reader', 'directory:read');
      assert.equal((await as(foreign, 'GET', `/Users/${user.id}`)).status, 404);
      assert.equal((await as(foreign, 'GET', '/Users')).body.totalResults, 0);
      assert.equal((await as(foreign, 'POST', '/.search', { schemas: [SEARCH] })).body.totalResults, 0);
    });
  });
}
