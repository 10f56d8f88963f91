import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

// An unfiltered list's totalResults comes from counts the writes keep (migration 0015); a
// filtered one (`id pr`: every resource) is counted row by row. They must always agree.
for (const dialect of await dialects()) {
  describe(`totalResults of unfiltered lists (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    async function totals(type: 'Users' | 'Groups', headers?: Record<string, string>) {
      const kept = await s.scim('GET', `/${type}?count=0`, undefined, headers);
      const counted = await s.scim('GET', `/${type}?count=0&filter=id%20pr`, undefined, headers);
      assert.equal(kept.status, 200);
      assert.equal(counted.status, 200);
      return { kept: kept.body.totalResults as number, counted: counted.body.totalResults as number };
    }

    async function expectTotals(users: number, groups: number): Promise<void> {
      assert.deepEqual(await totals('Users'), { kept: users, counted: users });
      assert.deepEqual(await totals('Groups'), { kept: groups, counted: groups });
    }

    it('should follow creates, Bulk, refused writes and deletes, per tenant', async () => {
      await expectTotals(0, 0);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await s.scim('POST', '/Users', { schemas: [USER], userName: `kept${i}` });
        assert.equal(res.status, 201);
        ids.push(res.body.id);
      }
      // A conflict changes nothing.
      assert.equal((await s.scim('POST', '/Users', { schemas: [USER], userName: 'kept0' })).status, 409);
      const bulk = await s.scim('POST', '/Bulk', {
        schemas: [BULK],
        Operations: [
          ...Array.from({ length: 20 }, (_, i) => ({
            method: 'POST',
            path: '/Users',
            bulkId: `b${i}`,
            data: { schemas: [USER], userName: `bulk${i}` },
          })),
          { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'all' } },
          { method: 'DELETE', path: `/Users/${ids[0]}` },
        ],
      });
      assert.equal(bulk.status, 200);
      await expectTotals(24, 1);
      assert.equal((await s.scim('DELETE', `/Users/${ids[1]}`)).status, 204);
      assert.equal((await s.scim('DELETE', `/Users/${ids[1]}`)).status, 404);
      const group = (await s.scim('GET', '/Groups')).body.Resources[0];
      assert.equal((await s.scim('DELETE', `/Groups/${group.id}`)).status, 204);
      await expectTotals(23, 0);

      // Another tenant's writes are its own.
      const other = await s.roster.tenants.create('other-totals');
      const { secret } = await s.roster.tokens.issue(
        other.id,
        await s.roster.tokens.ensureConnection(other.id, 'okta'),
      );
      const headers = { authorization: `Bearer ${secret}` };
      const res = await s.app.inject({
        method: 'POST',
        url: '/scim/v2/Users',
        headers: { ...headers, 'content-type': 'application/scim+json' },
        payload: JSON.stringify({ schemas: [USER], userName: 'elsewhere' }),
      });
      assert.equal(res.statusCode, 201);
      const theirs = await s.app.inject({ method: 'GET', url: '/scim/v2/Users?count=0', headers });
      assert.equal(theirs.json().totalResults, 1);
      await expectTotals(23, 0);
    });

    it('should follow concurrent creates', async () => {
      const before = (await totals('Users')).counted;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => s.scim('POST', '/Users', { schemas: [USER], userName: `many${i}` })),
      );
      assert.ok(results.every((r) => r.status === 201));
      assert.deepEqual(await totals('Users'), { kept: before + 40, counted: before + 40 });
    });
  });
}
