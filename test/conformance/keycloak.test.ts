import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { GROUP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { query } from '../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

// Keycloak pushes nothing itself; a community SCIM-client extension (docs/idp/keycloak.md)
// turns user and group events into SCIM requests: POST on creation, a whole-resource PUT on
// update (the enabled flag as `active`), DELETE on deletion, and groups with their members.
// We found no published request bodies; these are generic RFC 7644 shapes built from the
// extension's documented mapping (username, first/last name, e-mail, enabled).

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;

  /** A Keycloak user as the extension maps it. */
  function keycloakUser(username: string, active = true): Record<string, unknown> {
    return {
      schemas: [USER],
      userName: username,
      externalId: `0b7e4c1a-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
      name: { givenName: 'Kay', familyName: 'Cloak' },
      displayName: 'Kay Cloak',
      emails: [{ value: `${username}@keycloak.test`, primary: true }],
      active,
    };
  }
  async function createUser(): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', keycloakUser(`kc-${++seq}-${dialect}`));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`Keycloak: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('finds no user by userName before creating it, then exactly one', async () => {
      const username = `kc-lookup-${dialect}`;
      const none = await s.scim('GET', `/Users${query({ filter: `userName eq "${username}"` })}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      const created = await s.scim('POST', '/Users', keycloakUser(username));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.active, true);
      const one = await s.scim('GET', `/Users${query({ filter: `userName eq "${username}"` })}`);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources[0].id, created.body.id);
    });

    it('updates with PUT of the whole user, and disables with a PUT carrying active false', async () => {
      const u = await createUser();
      const put = await s.scim('PUT', `/Users/${u.id}`, { ...keycloakUser(u.userName), name: { givenName: 'Kay', familyName: 'Renamed' } });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.name.familyName, 'Renamed');
      const off = await s.scim('PUT', `/Users/${u.id}`, keycloakUser(u.userName, false));
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.active, false);
    });

    it('deletes a user: 204, then 404 and no longer found by filter', async () => {
      const u = await createUser();
      assert.equal((await s.scim('DELETE', `/Users/${u.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).status, 404);
      const listed = await s.scim('GET', `/Users${query({ filter: `userName eq "${u.userName}"` })}`);
      assert.equal(listed.body.totalResults, 0);
    });
  });

  describe(`Keycloak: groups (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('creates a group with members, changes members and name by PUT, and deletes it', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const name = `kc-group-${++seq}`;
      const created = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: name, members: [{ value: a.id }] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const g = created.body;
      assert.deepEqual(await memberIds(s, g.id), [a.id]);

      const put = await s.scim('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: `${name}-renamed`, members: [{ value: b.id }] });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, `${name}-renamed`);
      assert.deepEqual(await memberIds(s, g.id), [b.id]);

      assert.equal((await s.scim('DELETE', `/Groups/${g.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).status, 404);
      assert.equal((await s.scim('GET', `/Users/${b.id}`)).status, 200, 'its members stay');
    });
  });
}
