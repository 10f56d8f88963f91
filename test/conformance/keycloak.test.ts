import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOM, define, ENTERPRISE, publishedNames } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { GROUP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { filteredIds, query } from '../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

// Keycloak pushes nothing itself; a community SCIM-client extension (docs/idp/keycloak.md)
// turns user and group events into SCIM requests: POST on creation, a whole-resource PUT on
// update (the enabled flag as `active`), DELETE on deletion, and groups with their members.
// We found no published request bodies; these are generic RFC 7644 shapes built from the
// extension's documented mapping (username, first/last name, e-mail, enabled).
//
// Custom and enterprise attributes: keycloak-scim (libre.sh, and its mitodl and pelotech
// forks) maps a fixed set and sends neither (its UserAdapter). scim-for-keycloak's SCIM
// client reads the remote's /ResourceTypes and /Schemas, extensions included, and maps
// Keycloak attributes onto them (its issues #152 and #169); its request bodies are not
// published, so we send the generic RFC 7643 shape, the object under each URN, and update
// by PUT like the rest of this file.

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

  describe(`Keycloak: custom and enterprise attributes (${dialect})`, () => {
    let u: Record<string, any>;
    before(async () => {
      s = await startServer(dialect, 'generic');
      await define(s, { name: 'costCenter', type: 'string' }, { name: 'badgeNumber', type: 'integer' });
    });
    after(() => s.close());

    /** A Keycloak user with attributes mapped onto both extensions. */
    const withExtensions = (username: string, enterprise: Record<string, unknown>, custom: Record<string, unknown>): Record<string, unknown> => ({
      ...keycloakUser(username),
      schemas: [USER, ENTERPRISE, CUSTOM],
      [ENTERPRISE]: enterprise,
      [CUSTOM]: custom,
    });

    it('publishes the custom extension in /Schemas and /ResourceTypes/User, where a SCIM client reads it', async () => {
      assert.deepEqual(await publishedNames(s), ['costCenter', 'badgeNumber']);
      assert.deepEqual(await publishedNames(s, ENTERPRISE), ['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
    });

    it('creates a user with custom and enterprise attributes under their URNs (generic shape)', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        withExtensions(`kc-attrs-${dialect}`, { employeeNumber: '1001', department: 'Platform' }, { costCenter: 'CC-7', badgeNumber: 42 }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      u = res.body;
      assert.deepEqual(u.schemas, [USER, ENTERPRISE, CUSTOM]);
      assert.deepEqual(u[ENTERPRISE], { employeeNumber: '1001', department: 'Platform' });
      assert.deepEqual(u[CUSTOM], { costCenter: 'CC-7', badgeNumber: 42 });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, u, 'what POST answers is what is stored');
    });

    it('updates custom and enterprise attributes with PUT of the whole user; what the PUT leaves out is removed', async () => {
      const put = await s.scim('PUT', `/Users/${u.id}`, withExtensions(u.userName, { department: 'Security' }, { badgeNumber: 43 }));
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body[ENTERPRISE], { department: 'Security' });
      assert.deepEqual(put.body[CUSTOM], { badgeNumber: 43 });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, put.body, 'what PUT answers is what is stored');
    });

    it('finds users by a custom attribute and by enterprise department, and reads them back', async () => {
      const res = await s.scim('POST', '/Users', withExtensions(`kc-attrs-other-${dialect}`, { department: 'security' }, { costCenter: 'CC-8', badgeNumber: 7 }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const other = res.body;
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:badgeNumber eq 43`), [u.id]);
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:costCenter eq "CC-8"`), [other.id]);
      assert.deepEqual(await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Security"`), [u.id, other.id].sort());
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:costCenter pr`), [other.id], 'the PUT removed it from the first user');
      const got = await s.scim('GET', `/Users/${other.id}`);
      assert.deepEqual(got.body[CUSTOM], { costCenter: 'CC-8', badgeNumber: 7 });
      assert.deepEqual(got.body[ENTERPRISE], { department: 'security' });
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
