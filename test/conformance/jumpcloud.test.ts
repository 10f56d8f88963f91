import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { GROUP, PATCH_OP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { query } from '../helpers/scim-lists.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of JumpCloud's custom SCIM 2.0 connector (Identity Management tab):
// the fixed core attribute set of docs/idp/jumpcloud.md (userName, name, work email), the
// "Test Connection" round trip (create a test user and group, then delete them),
// deprovisioning by `active` false, and group management (create, membership, rename,
// delete). JumpCloud's public documentation shows neither its update nor its PATCH bodies;
// for those we send generic RFC 7644 shapes (PATCH replace with a path, add/remove on
// `members`). It documents no enterprise or extension attributes, so none are sent here:
// its custom connector has no attribute mapping and is meant for services that need "no
// special attribute mapping or extension schemas" (JumpCloud support, "Identity Management
// using a Custom SCIM Integration"), which is why the compatibility matrix marks custom and
// enterprise attributes as not supported by JumpCloud rather than naming a test.

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;
  const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[]): Promise<ScimResponse> =>
    s.scim('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: operations });

  /** A user with JumpCloud's fixed attribute set. */
  function jumpcloudUser(userName: string): Record<string, unknown> {
    return {
      schemas: [USER],
      userName,
      externalId: `5f1e${String(++seq).padStart(20, '0')}`,
      name: { givenName: 'Jump', familyName: 'Cloud' },
      displayName: 'Jump Cloud',
      emails: [{ value: `${userName}@jumpcloud.test`, type: 'work', primary: true }],
      active: true,
    };
  }
  async function createUser(): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', jumpcloudUser(`jc.user.${++seq}.${dialect}`));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`JumpCloud: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('finds no user by userName before creating it, then exactly one', async () => {
      const userName = `jc.lookup.${dialect}`;
      const none = await s.scim('GET', `/Users${query({ filter: `userName eq "${userName}"` })}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      const created = await s.scim('POST', '/Users', jumpcloudUser(userName));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.active, true);
      assert.deepEqual(created.body.name, { givenName: 'Jump', familyName: 'Cloud' });
      const one = await s.scim('GET', `/Users${query({ filter: `userName eq "${userName}"` })}`);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources[0].id, created.body.id);
    });

    it('passes "Test Connection": creates a test user and group, then deletes both', async () => {
      const u = await createUser();
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: `jc-test-group-${++seq}` });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      assert.equal((await s.scim('DELETE', `/Groups/${g.body.id}`)).status, 204);
      assert.equal((await s.scim('DELETE', `/Users/${u.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).status, 404);
      assert.equal((await s.scim('GET', `/Groups/${g.body.id}`)).status, 404);
    });

    it('updates name and email with PATCH replace by path (generic shape)', async () => {
      const u = await createUser();
      const res = await patch('Users', u.id, [
        { op: 'replace', path: 'name.familyName', value: 'Renamed' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@jumpcloud.test' },
      ]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name.familyName, 'Renamed');
      assert.equal(res.body.emails[0].value, 'new@jumpcloud.test');
    });

    it('deactivates a user unbound from the application with active false, then reactivates', async () => {
      const u = await createUser();
      const off = await patch('Users', u.id, [{ op: 'replace', path: 'active', value: false }]);
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(got.body.active, false, 'an inactive user stays');
      const on = await patch('Users', u.id, [{ op: 'replace', path: 'active', value: true }]);
      assert.equal(on.body.active, true);
    });
  });

  describe(`JumpCloud: groups (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('creates a group, adds and removes members, renames and deletes it', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const name = `jc-group-${++seq}`;
      const none = await s.scim('GET', `/Groups${query({ filter: `displayName eq "${name}"` })}`);
      assert.equal(none.body.totalResults, 0);
      const created = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: name,
        members: [{ value: a.id }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const g = created.body;

      const add = await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: b.id }] }]);
      assert.ok(add.status === 200 || add.status === 204, JSON.stringify(add.body));
      assert.deepEqual(await memberIds(s, g.id), [a.id, b.id].sort());
      const remove = await patch('Groups', g.id, [{ op: 'remove', path: `members[value eq "${a.id}"]` }]);
      assert.ok(remove.status === 200 || remove.status === 204, JSON.stringify(remove.body));
      assert.deepEqual(await memberIds(s, g.id), [b.id]);

      const rename = await patch('Groups', g.id, [{ op: 'replace', path: 'displayName', value: `${name}-renamed` }]);
      assert.ok(rename.status === 200 || rename.status === 204, JSON.stringify(rename.body));
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).body.displayName, `${name}-renamed`);

      assert.equal((await s.scim('DELETE', `/Groups/${g.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).status, 404);
      assert.equal((await s.scim('GET', `/Users/${b.id}`)).status, 200, 'its members stay');
    });
  });
}
