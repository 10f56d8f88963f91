import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { define, ENTERPRISE } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { GROUP, PATCH_OP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { filteredIds, query } from '../helpers/scim-lists.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of authentik's SCIM provider, from its open-source client
// (authentik/providers/scim/clients/users.py and groups.py): POST to create, and on a 409
// a look-up by `userName eq "..."`; PUT of the whole mapped object for every update
// (users and groups, `active` included); DELETE for deleted users and groups; group
// membership by PATCH, one operation per member: add with path "members" and
// value [{"value": id}], and remove with the same path and value (not a filter).
// Its default mappings send no enterprise attributes.
//
// Custom and enterprise attributes come from property mappings of one's own: each returns a
// dict that authentik deep-merges into the user, so a mapping that returns an extension's
// URN in `schemas` and the extension's object under that URN sends exactly that, with the
// core URN put first (authentik's docs, "Custom attributes and schemas"; its
// tests/test_user.py, test_user_create_custom_schema; clients/users.py). Updates are PUTs
// of the whole mapped user, `id` included.

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

  describe(`authentik: custom and enterprise attributes (${dialect})`, () => {
    // The extension URN of authentik's documented example, set as ROSTER_CUSTOM_SCHEMA_URN
    // so that a mapping written for it needs no change.
    const AK_CUSTOM = 'urn:ietf:params:scim:schemas:extension:custom:2.0:User';
    let u: Record<string, any>;
    before(async () => {
      s = await startServer(dialect, 'generic', { customSchemaUrn: AK_CUSTOM });
      await define(s, { name: 'costCenter', type: 'string' }, { name: 'badgeNumber', type: 'integer' });
    });
    after(() => s.close());

    /**
     * The default mapping's user merged with two mappings of one's own, returning
     * `{"schemas": [ENTERPRISE], ENTERPRISE: {...}}` and `{"schemas": [AK_CUSTOM], AK_CUSTOM: {...}}`.
     */
    const mappedUser = (
      username: string,
      enterprise: Record<string, unknown>,
      custom: Record<string, unknown>,
    ): Record<string, unknown> => ({
      ...authentikUser(username),
      schemas: [USER, ENTERPRISE, AK_CUSTOM],
      [ENTERPRISE]: enterprise,
      [AK_CUSTOM]: custom,
    });

    it('creates a user from property mappings that return each extension URN in schemas and its object', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        mappedUser(
          `ak-attrs-${dialect}`,
          { employeeNumber: '1001', department: 'Platform' },
          { costCenter: 'CC-7', badgeNumber: 42 },
        ),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      u = res.body;
      assert.deepEqual(u.schemas, [USER, ENTERPRISE, AK_CUSTOM]);
      assert.deepEqual(u[ENTERPRISE], { employeeNumber: '1001', department: 'Platform' });
      assert.deepEqual(u[AK_CUSTOM], { costCenter: 'CC-7', badgeNumber: 42 });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, u, 'what POST answers is what is stored');
    });

    // A mapping's `attributes.get("badge_number")` is None for a user without the attribute.
    // authentik's delete_none_values drops None values at the top level only, so inside the
    // extension object it arrives as null (were it dropped, the PUT would clear it as well).
    it('updates with PUT of the whole mapped user, id included; a custom value sent as null is cleared', async () => {
      const put = await s.scim('PUT', `/Users/${u.id}`, {
        ...mappedUser(
          u.userName,
          { employeeNumber: '1001', department: 'Security' },
          { costCenter: 'CC-8', badgeNumber: null },
        ),
        id: u.id,
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body[ENTERPRISE], { employeeNumber: '1001', department: 'Security' });
      assert.deepEqual(put.body[AK_CUSTOM], { costCenter: 'CC-8' });
      const again = await s.scim('PUT', `/Users/${u.id}`, {
        ...mappedUser(
          u.userName,
          { employeeNumber: '1001', department: 'Security' },
          { costCenter: 'CC-8', badgeNumber: 43 },
        ),
        id: u.id,
      });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.deepEqual(again.body[AK_CUSTOM], { costCenter: 'CC-8', badgeNumber: 43 });
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, again.body, 'what PUT answers is what is stored');
    });

    it('finds users by a custom attribute and by enterprise department, and reads them back', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        mappedUser(`ak-attrs-other-${dialect}`, { department: 'Platform' }, { costCenter: 'CC-8', badgeNumber: 7 }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const other = res.body;
      assert.deepEqual(await filteredIds(s, '/Users', `${AK_CUSTOM}:badgeNumber eq 43`), [u.id]);
      assert.deepEqual(await filteredIds(s, '/Users', `${AK_CUSTOM}:costCenter eq "CC-8"`), [u.id, other.id].sort());
      assert.deepEqual(await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Security"`), [u.id]);
      assert.deepEqual(
        await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "platform" and ${AK_CUSTOM}:badgeNumber lt 10`),
        [other.id],
      );
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.deepEqual(got.body[AK_CUSTOM], { costCenter: 'CC-8', badgeNumber: 43 });
      assert.deepEqual(got.body[ENTERPRISE], { employeeNumber: '1001', department: 'Security' });
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
      const created = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: name,
        externalId: `grp-${seq}`,
      });
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
