import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOM, define } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { ENTERPRISE, GROUP, PATCH_OP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { filteredIds, query } from '../helpers/scim-lists.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of OneLogin's "SCIM Provisioner with SAML (SCIM v2 Enterprise)"
// connector. The user body is the SCIM JSON Template of docs/idp/onelogin.md (core plus the
// enterprise extension with department and manager). OneLogin's public documentation does
// not show its update or group requests; for those we send generic RFC 7644 shapes: a PUT
// of the filled template for updates, PATCH `active` for a suspend, DELETE for a delete,
// and PATCH add/remove on `members` for the groups its provisioning rules push.
//
// Custom attributes: the template carries an object under the custom extension's URN, its
// values filled from parameters (OneLogin's developer guide, "Define Your SCIM User
// Schema"; vendors' OneLogin guides, e.g. Staffbase's, add their own extension object the
// same way). Every placeholder sits inside a JSON string, so every value arrives as text.

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;
  const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[]): Promise<ScimResponse> =>
    s.scim('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: operations });

  /** The SCIM JSON Template of docs/idp/onelogin.md, filled as OneLogin fills its placeholders. */
  function oneloginUser(
    email: string,
    enterprise: Record<string, unknown> = { department: 'Sales' },
  ): Record<string, unknown> {
    return {
      schemas: [USER, ENTERPRISE],
      userName: email,
      name: { givenName: 'Ona', familyName: 'Login' },
      displayName: 'Ona Login',
      emails: [{ value: email, type: 'work', primary: true }],
      title: 'Engineer',
      [ENTERPRISE]: enterprise,
    };
  }
  async function createUser(enterprise?: Record<string, unknown>): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', oneloginUser(`ona.${++seq}.${dialect}@onelogin.test`, enterprise));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`OneLogin: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('finds no user by userName before creating it, then exactly one', async () => {
      const email = `lookup.${dialect}@onelogin.test`;
      const none = await s.scim('GET', `/Users${query({ filter: `userName eq "${email}"` })}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      assert.deepEqual(none.body.Resources, []);
      const created = await s.scim('POST', '/Users', oneloginUser(email));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const one = await s.scim('GET', `/Users${query({ filter: `userName eq "${email}"` })}`);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources[0].id, created.body.id);
    });

    it('creates a user from the SCIM JSON Template with enterprise department and manager', async () => {
      const manager = await createUser();
      const u = await createUser({ department: 'Engineering', manager: { value: manager.id } });
      assert.equal(u.active, true);
      assert.equal(u.title, 'Engineer');
      assert.deepEqual(u.name, { givenName: 'Ona', familyName: 'Login' });
      assert.equal(u[ENTERPRISE].department, 'Engineering');
      assert.equal(u[ENTERPRISE].manager.value, manager.id);
      assert.ok(u.schemas.includes(ENTERPRISE));
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(got.body[ENTERPRISE].department, 'Engineering');
    });

    it('updates a user with PUT of the filled template (generic shape)', async () => {
      const u = await createUser();
      const put = await s.scim('PUT', `/Users/${u.id}`, {
        ...oneloginUser(u.userName, { department: 'Support' }),
        name: { givenName: 'Ona', familyName: 'Renamed' },
        title: 'Manager',
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.name.familyName, 'Renamed');
      assert.equal(put.body.title, 'Manager');
      assert.equal(put.body[ENTERPRISE].department, 'Support');
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.name.familyName, 'Renamed');
    });

    it('suspends with PATCH replace of active false, then unsuspends', async () => {
      const u = await createUser();
      const off = await patch('Users', u.id, [{ op: 'replace', path: 'active', value: false }]);
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      const listed = await s.scim('GET', `/Users${query({ filter: `userName eq "${u.userName}"` })}`);
      assert.equal(listed.body.Resources[0].active, false, 'a suspended user is still found');
      const on = await patch('Users', u.id, [{ op: 'replace', path: 'active', value: true }]);
      assert.equal(on.body.active, true);
    });

    it('deletes a user: 204, then 404 and no longer found by filter', async () => {
      const u = await createUser();
      assert.equal((await s.scim('DELETE', `/Users/${u.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).status, 404);
      const listed = await s.scim('GET', `/Users${query({ filter: `userName eq "${u.userName}"` })}`);
      assert.equal(listed.body.totalResults, 0);
    });
  });

  describe(`OneLogin: custom and enterprise attributes (${dialect})`, () => {
    let u: Record<string, any>;
    let other: Record<string, any>;
    before(async () => {
      s = await startServer(dialect, 'generic');
      await define(s, { name: 'costCenter', type: 'string' }, { name: 'badgeNumber', type: 'integer' });
    });
    after(() => s.close());

    /** The template with the custom extension added: `{"costCenter": "{$parameters.cost_center}", ...}`, filled. */
    function templateWithCustom(
      email: string,
      enterprise: Record<string, unknown>,
      custom: Record<string, unknown>,
    ): Record<string, unknown> {
      return { ...oneloginUser(email, enterprise), schemas: [USER, ENTERPRISE, CUSTOM], [CUSTOM]: custom };
    }

    it('creates a user from the SCIM JSON Template with custom attributes as filled-in strings under the extension URN', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        templateWithCustom(
          `custom.${dialect}@onelogin.test`,
          { department: 'Engineering' },
          { costCenter: 'CC-7', badgeNumber: '42' },
        ),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      u = res.body;
      assert.deepEqual(u.schemas, [USER, ENTERPRISE, CUSTOM]);
      assert.deepEqual(u[CUSTOM], { costCenter: 'CC-7', badgeNumber: 42 }, '"42" is stored as the integer it names');
      assert.deepEqual(u[ENTERPRISE], { department: 'Engineering' });
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.deepEqual(got.body, u, 'what POST answers is what is stored');
    });

    it('updates custom and enterprise attributes with PUT of the filled template (generic shape)', async () => {
      const put = await s.scim(
        'PUT',
        `/Users/${u.id}`,
        templateWithCustom(
          u.userName,
          { department: 'Support', costCenter: 'ENT-1' },
          { costCenter: 'CC-8', badgeNumber: '43' },
        ),
      );
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body[CUSTOM], { costCenter: 'CC-8', badgeNumber: 43 });
      assert.deepEqual(
        put.body[ENTERPRISE],
        { department: 'Support', costCenter: 'ENT-1' },
        'the enterprise costCenter is another attribute',
      );
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.deepEqual(got.body, put.body, 'what PUT answers is what is stored');
    });

    it('finds users by a custom attribute and by enterprise department, and reads them back', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        templateWithCustom(
          `custom.other.${dialect}@onelogin.test`,
          { department: 'support' },
          { costCenter: 'CC-8', badgeNumber: '7' },
        ),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      other = res.body;
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:badgeNumber eq 43`), [u.id]);
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:costCenter eq "CC-8"`), [u.id, other.id].sort());
      assert.deepEqual(
        await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Support"`),
        [u.id, other.id].sort(),
      );
      assert.deepEqual(
        await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Support" and ${CUSTOM}:badgeNumber lt 10`),
        [other.id],
      );
      assert.deepEqual(
        await filteredIds(s, '/Users', `${ENTERPRISE}:costCenter eq "CC-8"`),
        [],
        'the custom costCenter is not the enterprise one',
      );
      const got = await s.scim('GET', `/Users/${other.id}`);
      assert.deepEqual(got.body[CUSTOM], { costCenter: 'CC-8', badgeNumber: 7 });
      assert.deepEqual(got.body[ENTERPRISE], { department: 'support' });
    });
  });

  describe(`OneLogin: groups (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('creates a group, adds and removes members, renames and deletes it', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const name = `OneLogin Role ${++seq}`;
      const none = await s.scim('GET', `/Groups${query({ filter: `displayName eq "${name}"` })}`);
      assert.equal(none.body.totalResults, 0);
      const created = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: name, members: [] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const g = created.body;

      const add = await patch('Groups', g.id, [
        { op: 'add', path: 'members', value: [{ value: a.id }, { value: b.id }] },
      ]);
      assert.ok(add.status === 200 || add.status === 204, JSON.stringify(add.body));
      assert.deepEqual(await memberIds(s, g.id), [a.id, b.id].sort());
      const remove = await patch('Groups', g.id, [{ op: 'remove', path: `members[value eq "${a.id}"]` }]);
      assert.ok(remove.status === 200 || remove.status === 204, JSON.stringify(remove.body));
      assert.deepEqual(await memberIds(s, g.id), [b.id]);

      const rename = await patch('Groups', g.id, [{ op: 'replace', path: 'displayName', value: `${name} renamed` }]);
      assert.ok(rename.status === 200 || rename.status === 204, JSON.stringify(rename.body));
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).body.displayName, `${name} renamed`);

      assert.equal((await s.scim('DELETE', `/Groups/${g.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).status, 404);
      assert.equal((await s.scim('GET', `/Users/${b.id}`)).status, 200, 'its members stay');
    });
  });
}
