import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CUSTOM, define, ENTERPRISE, publishedNames } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { GROUP, PATCH_OP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { filteredIds, query } from '../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

// Keycloak pushes nothing itself; a community SCIM-client extension (docs/idp/keycloak.md)
// turns user and group events into SCIM requests: POST on creation, a whole-resource PUT on
// update (the enabled flag as `active`), DELETE on deletion, and groups with their members.
// The first suites below send generic RFC 7644 shapes built from the extension's documented
// mapping (username, first/last name, e-mail, enabled).
//
// The suites named "keycloak-scim" replay the exact bodies of pelotech/keycloak-scim (the
// fork docs/idp/keycloak.md installs), read from its source and from the SCIM SDK it
// builds them with (de.captaingoldfish scim-sdk 1.25.1, its gradle/libs.versions.toml):
// - updates are a PUT of the whole resource by default; with the component options
//   `user-patchOp` / `group-patchOp` they are PATCHes (UserAdapter / GroupAdapter
//   toPatchBuilder, ScimClient.replace);
// - `user-extension-mappings` rows (`kcAttr = <urn>:<name> [; type=<t>] [; multi]`) put
//   Keycloak user attributes under the enterprise URN (employeeNumber, costCenter,
//   organization, division, department; strings) or a custom URN (typed), the URN added to
//   `schemas`; a blank Keycloak value is left out (ExtensionAttributeMappings).
// - In a PATCH, `.value(String)` is a bare string (`"value": "false"`), `.valueNode(node)`
//   a one-element array (`"value": [44]`), and an array node (a `multi` value,
//   `.valueNodes(members)`) that array, not nested: scim-sdk 1.25.1
//   PatchRequestOperation.setValueNode and ScimObjectNode.setAttribute(String, List), as
//   pelotech's own UserAdapterExtensionTest asserts ("value":[true]).
//
// scim-for-keycloak's SCIM client maps Keycloak attributes onto the schemas it reads from
// /Schemas (its issues #152 and #169); its request bodies are not published, so the
// "custom and enterprise attributes" suite sends the generic RFC 7643 shape, the object
// under each URN, updated by PUT.

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
      const put = await s.scim('PUT', `/Users/${u.id}`, {
        ...keycloakUser(u.userName),
        name: { givenName: 'Kay', familyName: 'Renamed' },
      });
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
    const withExtensions = (
      username: string,
      enterprise: Record<string, unknown>,
      custom: Record<string, unknown>,
    ): Record<string, unknown> => ({
      ...keycloakUser(username),
      schemas: [USER, ENTERPRISE, CUSTOM],
      [ENTERPRISE]: enterprise,
      [CUSTOM]: custom,
    });

    it('publishes the custom extension in /Schemas and /ResourceTypes/User, where a SCIM client reads it', async () => {
      assert.deepEqual(await publishedNames(s), ['costCenter', 'badgeNumber']);
      assert.deepEqual(await publishedNames(s, ENTERPRISE), [
        'employeeNumber',
        'costCenter',
        'organization',
        'division',
        'department',
        'manager',
      ]);
    });

    it('creates a user with custom and enterprise attributes under their URNs (generic shape)', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        withExtensions(
          `kc-attrs-${dialect}`,
          { employeeNumber: '1001', department: 'Platform' },
          { costCenter: 'CC-7', badgeNumber: 42 },
        ),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      u = res.body;
      assert.deepEqual(u.schemas, [USER, ENTERPRISE, CUSTOM]);
      assert.deepEqual(u[ENTERPRISE], { employeeNumber: '1001', department: 'Platform' });
      assert.deepEqual(u[CUSTOM], { costCenter: 'CC-7', badgeNumber: 42 });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, u, 'what POST answers is what is stored');
    });

    it('updates custom and enterprise attributes with PUT of the whole user; what the PUT leaves out is removed', async () => {
      const put = await s.scim(
        'PUT',
        `/Users/${u.id}`,
        withExtensions(u.userName, { department: 'Security' }, { badgeNumber: 43 }),
      );
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body[ENTERPRISE], { department: 'Security' });
      assert.deepEqual(put.body[CUSTOM], { badgeNumber: 43 });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, put.body, 'what PUT answers is what is stored');
    });

    it('finds users by a custom attribute and by enterprise department, and reads them back', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        withExtensions(`kc-attrs-other-${dialect}`, { department: 'security' }, { costCenter: 'CC-8', badgeNumber: 7 }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const other = res.body;
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:badgeNumber eq 43`), [u.id]);
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:costCenter eq "CC-8"`), [other.id]);
      assert.deepEqual(
        await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Security"`),
        [u.id, other.id].sort(),
      );
      assert.deepEqual(
        await filteredIds(s, '/Users', `${CUSTOM}:costCenter pr`),
        [other.id],
        'the PUT removed it from the first user',
      );
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
      const created = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: name,
        members: [{ value: a.id }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const g = created.body;
      assert.deepEqual(await memberIds(s, g.id), [a.id]);

      const put = await s.scim('PUT', `/Groups/${g.id}`, {
        schemas: [GROUP],
        displayName: `${name}-renamed`,
        members: [{ value: b.id }],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, `${name}-renamed`);
      assert.deepEqual(await memberIds(s, g.id), [b.id]);

      assert.equal((await s.scim('DELETE', `/Groups/${g.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).status, 404);
      assert.equal((await s.scim('GET', `/Users/${b.id}`)).status, 200, 'its members stay');
    });
  });
  describe(`Keycloak: keycloak-scim user-extension-mappings (${dialect})`, () => {
    // pelotech/keycloak-scim: src/main/java/sh/libre/scim/core/ExtensionAttributeMappings.java
    // (parse, read, attach, patchValues), ExtensionAttributeType.java (coerce),
    // UserAdapter.java (toSCIM, toPatchBuilder), ScimClient.java (replace), and
    // src/main/java/sh/libre/scim/storage/ScimStorageProviderFactory.java
    // (`user-extension-mappings`, `user-patchOp`). The component is configured with these
    // rows, in this order (CUSTOM is Roster's default custom URN):
    //   kcEmployeeNumber = urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber
    //   kcDepartment     = urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department
    //   kcDivision       = urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division
    //   kcCostCenter     = urn:ietf:params:scim:schemas:extension:roster:2.0:User:costCenter
    //   kcBadge          = urn:ietf:params:scim:schemas:extension:roster:2.0:User:badgeNumber ; type=integer
    //   kcVip            = urn:ietf:params:scim:schemas:extension:roster:2.0:User:vip ; type=boolean
    //   kcHireDate       = urn:ietf:params:scim:schemas:extension:roster:2.0:User:hireDate ; type=dateTime
    //   kcLabels         = urn:ietf:params:scim:schemas:extension:roster:2.0:User:labels ; multi
    // kcDivision is blank on every user here, so it is never sent.
    before(async () => {
      s = await startServer(dialect, 'generic');
      await define(
        s,
        { name: 'costCenter', type: 'string' },
        { name: 'badgeNumber', type: 'integer' },
        { name: 'vip', type: 'boolean' },
        { name: 'hireDate', type: 'dateTime' },
        { name: 'labels', type: 'string', multiValued: true },
      );
    });
    after(() => s.close());

    const custom = (name: string): string => `${CUSTOM}:${name}`;
    const enterprise = (name: string): string => `${ENTERPRISE}:${name}`;

    /**
     * UserAdapter.toSCIM as the extension sends it: externalId is the Keycloak user id,
     * displayName "first last", one work e-mail, then the mapped extensions (the enterprise
     * object through EnterpriseUser, the custom one as an object under its URN); `id` only
     * on a PUT (the SCIM id from the mapping). No `roles` unless a role carries scim=true.
     */
    const mappedUser = (
      kcId: string,
      username: string,
      ext: { enterprise?: Record<string, unknown>; custom?: Record<string, unknown> },
      id?: string,
    ): Record<string, unknown> => ({
      schemas: [USER, ...(ext.enterprise ? [ENTERPRISE] : []), ...(ext.custom ? [CUSTOM] : [])],
      externalId: kcId,
      userName: username,
      ...(id ? { id } : {}),
      displayName: 'Alice Smith',
      name: { givenName: 'Alice', familyName: 'Smith' },
      emails: [{ value: `${username}@keycloak.test`, type: 'work', primary: true }],
      active: true,
      ...(ext.enterprise ? { [ENTERPRISE]: ext.enterprise } : {}),
      ...(ext.custom ? { [CUSTOM]: ext.custom } : {}),
    });

    const createMapped = async (username: string): Promise<Record<string, any>> => {
      const res = await s.scim(
        'POST',
        '/Users',
        mappedUser(randomUUID(), username, {
          enterprise: { employeeNumber: '1001', department: 'Platform' },
          custom: {
            costCenter: 'CC-7',
            badgeNumber: 42,
            vip: true,
            hireDate: '2024-02-01T08:00:00Z',
            labels: ['/a', '/b'],
          },
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };

    /** UserAdapter.toPatchBuilder: three core replaces, then one per mapped value. */
    const userPatch = (username: string, active: boolean, extensionOps: { path: string; value: unknown }[]) => ({
      schemas: [PATCH_OP],
      Operations: [
        { path: 'active', op: 'replace', value: String(active) },
        { path: 'userName', op: 'replace', value: username },
        { path: 'displayName', op: 'replace', value: 'Alice Smith' },
        ...extensionOps.map(({ path, value }) => ({ path, op: 'replace', value })),
      ],
    });

    it('creates a user with enterprise and custom attributes as user-extension-mappings attaches them: typed values, blank ones left out', async () => {
      // ExtensionAttributeMappings.attach: enterprise fields as strings, custom values typed
      // (type=integer a number, type=boolean a boolean, type=dateTime the text, multi an array).
      const u = await createMapped(`kc-map-${dialect}`);
      assert.deepEqual(u.schemas, [USER, ENTERPRISE, CUSTOM]);
      assert.deepEqual(u[ENTERPRISE], { employeeNumber: '1001', department: 'Platform' });
      assert.deepEqual(u[CUSTOM], {
        costCenter: 'CC-7',
        badgeNumber: 42,
        vip: true,
        hireDate: '2024-02-01T08:00:00.000Z',
        labels: ['/a', '/b'],
      });
      assert.equal(u.externalId.length, 36, 'the Keycloak user id');
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, u, 'what POST answers is what is stored');
    });

    it('updates with PUT of the whole mapped user (user-patchOp off, the default); what Keycloak no longer has is left out, and so removed', async () => {
      // ScimClient.replace without user-patchOp: PUT of UserAdapter.toSCIM, id included.
      const u = await createMapped(`kc-map-put-${dialect}`);
      const put = await s.scim(
        'PUT',
        `/Users/${u.id}`,
        mappedUser(
          u.externalId,
          u.userName,
          { enterprise: { department: 'Security' }, custom: { badgeNumber: 43, vip: false, labels: ['/a'] } },
          u.id,
        ),
      );
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body[ENTERPRISE], { department: 'Security' });
      assert.deepEqual(put.body[CUSTOM], { badgeNumber: 43, vip: false, labels: ['/a'] });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, put.body, 'what PUT answers is what is stored');
    });

    it('updates with one PATCH as UserAdapter.toPatchBuilder builds it (user-patchOp on): active "false" as a string, userName, displayName, then each mapped value in a one-element array', async () => {
      // UserAdapter.toPatchBuilder + ExtensionAttributeMappings.patchValues, serialized by
      // scim-sdk 1.25.1: `.value(active.toString())` is a bare string; `.valueNode(node)` is
      // wrapped in an array (PatchRequestOperation.setValueNode); a multi value's array is
      // flattened into it (ScimObjectNode.setAttribute(String, List)).
      const u = await createMapped(`kc-map-patch-${dialect}`);
      const res = await s.scim(
        'PATCH',
        `/Users/${u.id}`,
        userPatch(u.userName, false, [
          { path: enterprise('employeeNumber'), value: ['1002'] },
          { path: enterprise('department'), value: ['Security'] },
          { path: custom('costCenter'), value: ['CC-9'] },
          { path: custom('badgeNumber'), value: [44] },
          { path: custom('vip'), value: [false] },
          { path: custom('hireDate'), value: ['2024-03-01T09:30:00Z'] },
          { path: custom('labels'), value: ['/c', '/d'] },
        ]),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.active, false, 'active is the boolean false');
      assert.equal(res.body.userName, u.userName);
      assert.deepEqual(res.body[ENTERPRISE], { employeeNumber: '1002', department: 'Security' });
      assert.deepEqual(res.body[CUSTOM], {
        costCenter: 'CC-9',
        badgeNumber: 44,
        vip: false,
        hireDate: '2024-03-01T09:30:00.000Z',
        labels: ['/c', '/d'],
      });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, res.body, 'what PATCH answers is what is stored');
    });

    it('updates with the same PATCH when each mapped value is bare, as the SCIM SDK main branch (August 2026, unreleased) serializes it', async () => {
      // Captain-P-Goldfish/SCIM-SDK main, PatchRequestOperation.setValueNode ("Preserve
      // caller-supplied value type in PATCH operations"): the node is stored as it is, so
      // a typed scalar goes out bare and a multi value as its array.
      const u = await createMapped(`kc-map-patch-bare-${dialect}`);
      const res = await s.scim(
        'PATCH',
        `/Users/${u.id}`,
        userPatch(u.userName, false, [
          { path: enterprise('employeeNumber'), value: '1002' },
          { path: enterprise('department'), value: 'Security' },
          { path: custom('costCenter'), value: 'CC-9' },
          { path: custom('badgeNumber'), value: 44 },
          { path: custom('vip'), value: false },
          { path: custom('hireDate'), value: '2024-03-01T09:30:00Z' },
          { path: custom('labels'), value: ['/c', '/d'] },
        ]),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.active, false, 'active is the boolean false');
      assert.deepEqual(res.body[ENTERPRISE], { employeeNumber: '1002', department: 'Security' });
      assert.deepEqual(res.body[CUSTOM], {
        costCenter: 'CC-9',
        badgeNumber: 44,
        vip: false,
        hireDate: '2024-03-01T09:30:00.000Z',
        labels: ['/c', '/d'],
      });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, res.body, 'what PATCH answers is what is stored');
    });
  });

  describe(`Keycloak: keycloak-scim disable and deactivate (${dialect})`, () => {
    // pelotech/keycloak-scim: src/main/java/sh/libre/scim/core/UserAdapter.java
    // (toPatchBuilder, with no `user-extension-mappings` rows: its only form in release
    // 1.0.1) and src/main/java/sh/libre/scim/core/ScimClient.java (deactivateUser, for
    // `delete-mode` deactivate: with `user-patchOp` on, one replace of active "false";
    // off, a GET of the user and a PUT of what it read with active false).
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    const corePatch = (username: string, active: string) => ({
      schemas: [PATCH_OP],
      Operations: [
        { path: 'active', op: 'replace', value: active },
        { path: 'userName', op: 'replace', value: username },
        { path: 'displayName', op: 'replace', value: 'Kay Cloak' },
      ],
    });

    it('disables and re-enables with the PATCH UserAdapter.toPatchBuilder builds: active "false" / "true" as strings, userName, displayName', async () => {
      const u = await createUser();
      const off = await s.scim('PATCH', `/Users/${u.id}`, corePatch(u.userName, 'false'));
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false, 'active is the boolean false');
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.active, false);
      const on = await s.scim('PATCH', `/Users/${u.id}`, corePatch(u.userName, 'true'));
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.equal(on.body.active, true, 'active is the boolean true');
      assert.equal(on.body.userName, u.userName);
      assert.equal(on.body.displayName, 'Kay Cloak');
    });

    it('deactivates with the one-operation PATCH of delete-mode deactivate: replace active "false"', async () => {
      const u = await createUser();
      const res = await s.scim('PATCH', `/Users/${u.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ path: 'active', op: 'replace', value: 'false' }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.active, false, 'active is the boolean false');
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).status, 200, 'the user stays');
    });

    it('deactivates with a GET of the user, then a PUT of what it read with active false (delete-mode deactivate, user-patchOp off)', async () => {
      // The SDK parses the GET answer into its User and serializes it back: id, meta and
      // the read-only groups go back as Roster sent them.
      const u = await createUser();
      const g = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: `kc-deactivate-${++seq}`,
        members: [{ value: u.id }],
      });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      const read = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.groups?.length, 1, 'the user as read carries its groups');
      const put = await s.scim('PUT', `/Users/${u.id}`, { ...read.body, active: false });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.active, false);
      const after = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(after.body.active, false);
      assert.deepEqual(after.body.groups, read.body.groups, 'its groups stay');
      assert.equal(after.body.userName, u.userName);
    });
  });

  describe(`Keycloak: keycloak-scim group PATCH (${dialect})`, () => {
    // pelotech/keycloak-scim: src/main/java/sh/libre/scim/core/GroupAdapter.java (toSCIM,
    // toPatchBuilder, toMembershipPatchBuilder) and ScimClient.java (replace, and
    // patchGroupMembership), with `group-patchOp` on (off, updates are the PUT of the
    // whole group above, and PATCH only after a PUT answered 405). `.valueNodes(members)`
    // goes out as the array of members; `.value(null)` leaves `value` out (scim-sdk 1.25.1).
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    /** GroupAdapter.toSCIM: externalId is the Keycloak group id, members with a relative $ref. */
    const createKeycloakGroup = async (kcId: string, name: string, members: string[]): Promise<Record<string, any>> => {
      const res = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        externalId: kcId,
        displayName: name,
        ...(members.length > 0 ? { members: members.map((id) => ({ value: id, $ref: `Users/${id}` })) } : {}),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };

    it('replaces members, displayName and externalId in one PATCH as GroupAdapter.toPatchBuilder builds it in release 1.0.1, and empties the group with a value-less remove of members', async () => {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const kcId = randomUUID();
      const name = `kc-patch-group-${++seq}`;
      const g = await createKeycloakGroup(kcId, name, [a.id]);
      assert.deepEqual(await memberIds(s, g.id), [a.id]);

      const replace = await s.scim('PATCH', `/Groups/${g.id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { path: 'members', op: 'replace', value: [{ value: b.id }, { value: c.id }] },
          { op: 'replace', path: 'displayName', value: `${name}-renamed` },
          { op: 'replace', path: 'externalId', value: kcId },
        ],
      });
      assert.equal(replace.status, 204, JSON.stringify(replace.body));
      assert.deepEqual(await memberIds(s, g.id), [b.id, c.id].sort());
      const read = await s.scim('GET', `/Groups/${g.id}`);
      assert.equal(read.body.displayName, `${name}-renamed`);
      assert.equal(read.body.externalId, kcId);

      const empty = await s.scim('PATCH', `/Groups/${g.id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { path: 'members', op: 'remove' },
          { op: 'replace', path: 'displayName', value: `${name}-renamed` },
          { op: 'replace', path: 'externalId', value: kcId },
        ],
      });
      assert.equal(empty.status, 204, JSON.stringify(empty.body));
      assert.deepEqual(await memberIds(s, g.id), []);
      assert.equal((await s.scim('GET', `/Users/${b.id}`)).status, 200, 'the former members stay');
    });

    it('renames with a PATCH of displayName and externalId only, and adds and removes one member per PATCH, as GroupAdapter builds them after release 1.0.1', async () => {
      // toPatchBuilder no longer sends members; toMembershipPatchBuilder sends an add with
      // a one-member array, and a remove by `members[value eq "<id>"]` with no value.
      const [a, b] = [await createUser(), await createUser()];
      const kcId = randomUUID();
      const name = `kc-delta-group-${++seq}`;
      const g = await createKeycloakGroup(kcId, name, [a.id]);

      const rename = await s.scim('PATCH', `/Groups/${g.id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { path: 'displayName', op: 'replace', value: `${name}-renamed` },
          { op: 'replace', path: 'externalId', value: kcId },
        ],
      });
      assert.equal(rename.status, 204, JSON.stringify(rename.body));
      assert.deepEqual(await memberIds(s, g.id), [a.id], 'a rename leaves the members');

      const add = await s.scim('PATCH', `/Groups/${g.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ path: 'members', op: 'add', value: [{ value: b.id }] }],
      });
      assert.equal(add.status, 204, JSON.stringify(add.body));
      assert.deepEqual(await memberIds(s, g.id), [a.id, b.id].sort());

      const remove = await s.scim('PATCH', `/Groups/${g.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ path: `members[value eq "${a.id}"]`, op: 'remove' }],
      });
      assert.equal(remove.status, 204, JSON.stringify(remove.body));
      assert.deepEqual(await memberIds(s, g.id), [b.id]);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).body.displayName, `${name}-renamed`);
    });
  });
}
