import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { GROUP, PATCH_OP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { query } from '../helpers/scim-lists.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of authentik's SCIM provider, from its open-source client
// (authentik/providers/scim/clients/users.py and groups.py): POST to create, and on a 409
// a look-up by `userName eq "..."`; PUT of the whole mapped object for every update
// (users and groups, `active` included); DELETE for deleted users and groups; group
// membership by PATCH, one operation per member: add with path "members" and
// value [{"value": id}], and remove with the same path and value (not a filter).
// Its default mappings send no enterprise attributes.

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;
  const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[]): Promise<ScimResponse> =>
    s.scim('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: operations });

  /** A user as "authentik default SCIM Mapping: User" builds it. */
  function authentikUser(username: string, active = true): Record<string, unknown> {
    return {
      schemas: [USER],
      userName: username,
      name: { formatted: 'Auth Entik', givenName: 'Auth', familyName: 'Entik' },
      displayName: 'Auth Entik',
      active,
      emails: [{ type: 'other', value: `${username}@authentik.test`, primary: true }],
      externalId: `${username}-hash`,
    };
  }
  async function createUser(): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', authentikUser(`ak-${++seq}-${dialect}`));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`authentik: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('answers a second create with 409, then finds the user by userName', async () => {
      const u = await createUser();
      const again = await s.scim('POST', '/Users', authentikUser(u.userName));
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.scimType, 'uniqueness');
      const found = await s.scim('GET', `/Users${query({ filter: `userName eq "${u.userName}"` })}`);
      assert.equal(found.body.totalResults, 1);
      assert.equal(found.body.Resources[0].id, u.id);
    });

    it('updates with PUT of the whole mapped user', async () => {
      const u = await createUser();
      const put = await s.scim('PUT', `/Users/${u.id}`, { ...authentikUser(u.userName), displayName: 'Renamed Entik' });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, 'Renamed Entik');
      assert.equal(put.body.externalId, `${u.userName}-hash`);
    });

    it('deactivates with a PUT carrying active false, then deletes', async () => {
      const u = await createUser();
      const off = await s.scim('PUT', `/Users/${u.id}`, authentikUser(u.userName, false));
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.active, false);
      assert.equal((await s.scim('DELETE', `/Users/${u.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).status, 404);
    });
  });

  describe(`authentik: groups (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('creates a group, adds and removes members one PATCH operation each, renames by PUT, deletes', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const name = `authentik-group-${++seq}`;
      const created = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: name, externalId: `grp-${seq}` });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const g = created.body;

      const add = await patch('Groups', g.id, [
        { op: 'add', path: 'members', value: [{ value: a.id }] },
        { op: 'add', path: 'members', value: [{ value: b.id }] },
      ]);
      assert.ok(add.status === 200 || add.status === 204, JSON.stringify(add.body));
      assert.deepEqual(await memberIds(s, g.id), [a.id, b.id].sort());
      const remove = await patch('Groups', g.id, [{ op: 'remove', path: 'members', value: [{ value: a.id }] }]);
      assert.ok(remove.status === 200 || remove.status === 204, JSON.stringify(remove.body));
      assert.deepEqual(await memberIds(s, g.id), [b.id]);

      const put = await s.scim('PUT', `/Groups/${g.id}`, {
        schemas: [GROUP],
        displayName: `${name}-renamed`,
        externalId: `grp-${seq}`,
        members: [{ value: b.id }],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, `${name}-renamed`);
      assert.deepEqual(await memberIds(s, g.id), [b.id]);

      assert.equal((await s.scim('DELETE', `/Groups/${g.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).status, 404);
    });
  });
}
