import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

for (const dialect of await dialects()) {
  describe(`Users (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    it('creates a user and returns it with id, meta, ETag and Location', async () => {
      const res = await s.scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        userName: 'bjensen@example.com',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
        password: 'secret-Passw0rd',
        [ENTERPRISE]: { department: 'Sales', employeeNumber: '701984' },
      });
      assert.equal(res.status, 201);
      assert.match(res.headers['content-type'] as string, /^application\/scim\+json/);
      assert.equal(res.body.userName, 'bjensen@example.com');
      assert.equal(res.body.active, true);
      assert.equal(res.body[ENTERPRISE].department, 'Sales');
      assert.equal(res.body.password, undefined, 'password is never returned');
      assert.equal(res.body.meta.resourceType, 'User');
      assert.equal(res.headers.location, `https://roster.test/scim/v2/Users/${res.body.id}`);
      assert.equal(res.body.meta.location, res.headers.location);
      assert.equal(res.headers.etag, res.body.meta.version);
      assert.deepEqual(res.body.schemas, [USER, ENTERPRISE]);

      const got = await s.scim('GET', `/Users/${res.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.name.givenName, 'Barbara');
      assert.equal(got.body.password, undefined);
      assert.equal(got.headers.etag, res.headers.etag);
    });

    it('gives users and groups ids that sort in the order they were created, their time that of meta.created', async () => {
      const made = [];
      for (const [path, body] of [
        ['/Users', { schemas: [USER], userName: 'ordered.1' }],
        ['/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'ordered' }],
        ['/Users', { schemas: [USER], userName: 'ordered.2' }],
      ] as const) {
        const res = await s.scim('POST', path, body);
        assert.equal(res.status, 201);
        made.push(res.body as { id: string; meta: { created: string } });
        // A millisecond between them: ids of the same millisecond need not sort among themselves.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      for (const { id, meta } of made) {
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID version 7');
        assert.equal(parseInt(id.replaceAll('-', '').slice(0, 12), 16), Date.parse(meta.created), id);
      }
      const ids = made.map((r) => r.id);
      assert.deepEqual([...ids].sort(), ids);
    });

    it('refuses a second user with the same userName in any case: 409 uniqueness', async () => {
      const first = await s.scim('POST', '/Users', { schemas: [USER], userName: 'Dup.User' });
      assert.equal(first.status, 201);
      const again = await s.scim('POST', '/Users', { schemas: [USER], userName: 'dup.user' });
      assert.equal(again.status, 409);
      assert.equal(again.body.scimType, 'uniqueness');
      assert.equal(again.body.status, '409');
      assert.deepEqual(again.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    });

    it('lets the IdP change a userName, which stays unique', async () => {
      const a = await s.scim('POST', '/Users', { schemas: [USER], userName: 'rename.a' });
      const b = await s.scim('POST', '/Users', { schemas: [USER], userName: 'rename.b' });
      const renamed = await s.scim('PATCH', `/Users/${a.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'userName', value: 'rename.c' }],
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.userName, 'rename.c');
      const clash = await s.scim('PATCH', `/Users/${b.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'userName', value: 'RENAME.C' }],
      });
      assert.equal(clash.status, 409);
      assert.equal(clash.body.scimType, 'uniqueness');
      const still = await s.scim('GET', `/Users/${b.body.id}`);
      assert.equal(still.body.userName, 'rename.b', 'a failed request changes nothing');
    });

    it('replaces a user with PUT and keeps id and created', async () => {
      const created = await s.scim('POST', '/Users', {
        schemas: [USER],
        userName: 'put.me',
        title: 'Engineer',
        name: { givenName: 'P' },
      });
      const put = await s.scim('PUT', `/Users/${created.body.id}`, {
        schemas: [USER],
        userName: 'put.me',
        name: { formatted: 'NewName' },
      });
      assert.equal(put.status, 200);
      assert.equal(put.body.id, created.body.id);
      assert.equal(put.body.title, undefined, 'PUT replaces: attributes not sent are gone');
      assert.equal(put.body.name.formatted, 'NewName');
      assert.equal(put.body.meta.created, created.body.meta.created);
      assert.notEqual(put.body.meta.version, created.body.meta.version);
    });

    it('deletes a user for good: 204, then 404', async () => {
      const created = await s.scim('POST', '/Users', { schemas: [USER], userName: 'gone' });
      const del = await s.scim('DELETE', `/Users/${created.body.id}`);
      assert.equal(del.status, 204);
      assert.equal(del.raw.body, '');
      const got = await s.scim('GET', `/Users/${created.body.id}`);
      assert.equal(got.status, 404);
      assert.equal(got.body.status, '404');
      const again = await s.scim('DELETE', `/Users/${created.body.id}`);
      assert.equal(again.status, 404);
    });

    it('deactivates with active false and keeps the user readable', async () => {
      const created = await s.scim('POST', '/Users', { schemas: [USER], userName: 'deact' });
      const off = await s.scim('PATCH', `/Users/${created.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
      assert.equal(off.status, 200);
      assert.equal(off.body.active, false);
      assert.equal((await s.scim('GET', `/Users/${created.body.id}`)).body.active, false);
    });

    it('answers bad bodies with 400 and a SCIM error, changing nothing', async () => {
      const cases: [unknown, string][] = [
        ['{not json', 'invalidSyntax'],
        [[], 'invalidSyntax'],
        [{ schemas: [USER] }, 'invalidValue'],
        [{ schemas: [USER], userName: '   ' }, 'invalidValue'],
        [{ schemas: [USER], userName: 'x', active: 'maybe' }, 'invalidValue'],
        [{ schemas: [USER], userName: 'x', emails: 'not-an-array-of-objects' }, 'invalidValue'],
        [{ schemas: ['urn:example:unknown'], userName: 'x' }, 'invalidSyntax'],
      ];
      for (const [body, scimType] of cases) {
        const res = await s.scim('POST', '/Users', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.scimType, scimType, JSON.stringify(res.body));
        assert.equal(res.body.status, '400');
        assert.ok(res.body.detail.length > 0);
      }
      const list = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "x"')}`);
      assert.equal(list.body.totalResults, 0);
    });

    it('ignores unknown attributes in a POST', async () => {
      const res = await s.scim('POST', '/Users', { schemas: [USER], userName: 'extra', favouriteColour: 'blue' });
      assert.equal(res.status, 201);
      assert.equal(res.body.favouriteColour, undefined);
    });

    it('accepts Entra-style string booleans', async () => {
      const res = await s.scim('POST', '/Users', { schemas: [USER], userName: 'strbool', active: 'False' });
      assert.equal(res.status, 201);
      assert.equal(res.body.active, false);
    });
  });
}
