import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of Microsoft Entra ID's provisioning service, with the shapes its
// public SCIM documentation shows ("Develop and plan provisioning for a SCIM endpoint":
// request and response examples, and the known compliance issues of its older PATCH
// dialect: capitalized ops, "False" strings, path-less values with dotted and URN keys).

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const filterQuery = (filter: string, extra = ''): string => `?filter=${encodeURIComponent(filter)}${extra}`;

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;
  const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[]): Promise<ScimResponse> =>
    s.scim('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: operations });
  /**
   * A user PATCH as Entra sends it: Roster answers an Entra token 204 with the new ETag (Entra
   * ignores PATCH bodies), so the user is read back, as Entra's next sync would. An error
   * answer is returned as it is.
   */
  const patchUser = async (id: string, operations: unknown[]): Promise<ScimResponse> => {
    const res = await patch('Users', id, operations);
    if (res.status >= 300) return res;
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(res.raw.body, '');
    const read = await s.scim('GET', `/Users/${id}`);
    assert.equal(read.headers.etag, res.headers.etag, 'the 204 carries the new version');
    return read;
  };

  /** A user as Entra creates it: the core schema, the enterprise extension, meta.resourceType, roles []. */
  function entraUser(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      schemas: [USER, ENTERPRISE],
      externalId: `ext-${userName}`,
      userName,
      active: true,
      emails: [{ primary: true, type: 'work', value: `${userName}@testuser.com` }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      ...extra,
    };
  }
  async function createUser(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', entraUser(`Test_User_${++seq}_${dialect}`, extra));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`Entra ID: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'entra');
    });
    after(() => s.close());

    it('finds no user by userName before creating it, then exactly one', async () => {
      const userName = 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081';
      const none = await s.scim('GET', `/Users${filterQuery(`userName eq "${userName}"`)}`);
      assert.equal(none.status, 200);
      assert.deepEqual(none.body.schemas, [LIST]);
      assert.equal(none.body.totalResults, 0);
      assert.deepEqual(none.body.Resources, []);
      assert.equal(none.body.startIndex, 1);
      assert.equal(none.body.itemsPerPage, 0);

      const created = await s.scim('POST', '/Users', entraUser(userName));
      assert.equal(created.status, 201);
      const one = await s.scim('GET', `/Users${filterQuery(`userName eq "${userName}"`)}`);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources.length, 1);
      assert.equal(one.body.Resources[0].id, created.body.id);
      assert.equal(one.body.Resources[0].userName, userName);
    });

    it('creates a user with the enterprise extension: employeeNumber, department and manager', async () => {
      const manager = await createUser();
      const userName = `Test_User_${++seq}_${dialect}`;
      const res = await s.scim(
        'POST',
        '/Users',
        entraUser(userName, {
          [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: manager.id } },
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.headers.location, res.body.meta.location);
      assert.equal(res.headers.etag, res.body.meta.version);
      assert.deepEqual(res.body.schemas, [USER, ENTERPRISE]);
      assert.equal(res.body.externalId, `ext-${userName}`);
      assert.equal(res.body.active, true);
      assert.deepEqual(res.body.name, {
        formatted: 'givenName familyName',
        familyName: 'familyName',
        givenName: 'givenName',
      });
      assert.deepEqual(res.body.emails, [{ primary: true, type: 'work', value: `${userName}@testuser.com` }]);
      assert.equal(res.body[ENTERPRISE].employeeNumber, '701984');
      assert.equal(res.body[ENTERPRISE].department, 'Tour Operations');
      assert.equal(res.body[ENTERPRISE].manager.value, manager.id);
      assert.equal(res.body.meta.resourceType, 'User');
      assert.equal(res.body.roles, undefined, 'an empty roles array is no value');
    });

    it('creates a user whose manager is sent as a bare id string', async () => {
      const manager = await createUser();
      const res = await s.scim(
        'POST',
        '/Users',
        entraUser(`Test_User_${++seq}_${dialect}`, { [ENTERPRISE]: { manager: manager.id } }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body[ENTERPRISE], { manager: { value: manager.id } });
      const empty = await s.scim(
        'POST',
        '/Users',
        entraUser(`Test_User_${++seq}_${dialect}`, { [ENTERPRISE]: { manager: '' } }),
      );
      assert.equal(empty.status, 201);
      assert.equal(empty.body[ENTERPRISE], undefined);
      assert.deepEqual(empty.body.schemas, [USER]);
    });

    it('finds a user by externalId', async () => {
      const u = await createUser();
      const res = await s.scim('GET', `/Users${filterQuery(`externalId eq "${u.externalId}"`)}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.totalResults, 1);
      assert.equal(res.body.Resources[0].id, u.id);
      const other = await s.scim(
        'GET',
        `/Users${filterQuery(`externalId eq "${String(u.externalId).toUpperCase()}"`)}`,
      );
      assert.equal(other.body.totalResults, 0, 'externalId is caseExact');
    });

    it('replaces the work email and the family name with capitalized "Replace" operations', async () => {
      const u = await createUser();
      const res = await patchUser(u.id, [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.emails, [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }]);
      assert.equal(res.body.name.familyName, 'updatedFamilyName');
      assert.equal(res.body.name.givenName, 'givenName');
    });

    it('creates the work email that "Replace emails[type eq "work"].value" names when there is none', async () => {
      const u = await createUser({ emails: [] });
      const res = await patchUser(u.id, [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'first@microsoft.com' },
      ]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.emails, [{ type: 'work', value: 'first@microsoft.com' }]);
    });

    it('answers a user PATCH with 204 and the new ETag, or with the user when attributes are asked for', async () => {
      const u = await createUser();
      const bare = await patch('Users', u.id, [{ op: 'Replace', path: 'displayName', value: 'No Body' }]);
      assert.equal(bare.status, 204);
      assert.equal(bare.raw.body, '');
      assert.match(String(bare.headers.etag), /^W\/"/);
      const asked = await s.scim('PATCH', `/Users/${u.id}?attributes=displayName`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: 'displayName', value: 'With Body' }],
      });
      assert.equal(asked.status, 200);
      assert.deepEqual(asked.body, { schemas: [USER], id: u.id, displayName: 'With Body' });
    });

    it('renames a user with "Replace userName"', async () => {
      const u = await createUser();
      const userName = `5b50642d-79fc-4410-9e90-4c077cdd1a59-${dialect}@testuser.com`;
      const res = await patchUser(u.id, [{ op: 'Replace', path: 'userName', value: userName }]);
      assert.equal(res.status, 200);
      assert.equal(res.body.userName, userName);
      const found = await s.scim('GET', `/Users${filterQuery(`userName eq "${userName}"`)}`);
      assert.equal(found.body.Resources[0]?.id, u.id);
    });

    it('disables with "active": "False" and enables with "True", as strings', async () => {
      const u = await createUser();
      const off = await patchUser(u.id, [{ op: 'Replace', path: 'active', value: 'False' }]);
      assert.equal(off.status, 200);
      assert.equal(off.body.active, false);
      const inactive = await s.scim('GET', `/Users${filterQuery(`userName eq "${u.userName}" and active eq false`)}`);
      assert.equal(inactive.body.totalResults, 1);
      const on = await patchUser(u.id, [{ op: 'Replace', value: { active: 'True' } }]);
      assert.equal(on.status, 200);
      assert.equal(on.body.active, true);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.active, true);
    });

    it('takes a path-less value with dotted keys and URN-prefixed keys', async () => {
      const u = await createUser();
      const res = await patchUser(u.id, [
        {
          op: 'Add',
          value: {
            'name.givenName': 'Barbara',
            'name.familyName': 'Jensen',
            displayName: 'Barbara Jensen',
            [`${ENTERPRISE}:department`]: 'Sales',
            [`${ENTERPRISE}:employeeNumber`]: '42',
          },
        },
        { op: 'Replace', value: { title: 'Manager', [`${ENTERPRISE}:costCenter`]: '4130' } },
      ]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name.givenName, 'Barbara');
      assert.equal(res.body.name.familyName, 'Jensen');
      assert.equal(res.body.name.formatted, 'givenName familyName', 'a dotted key changes only that sub-attribute');
      assert.equal(res.body.displayName, 'Barbara Jensen');
      assert.equal(res.body.title, 'Manager');
      assert.deepEqual(res.body[ENTERPRISE], { employeeNumber: '42', department: 'Sales', costCenter: '4130' });
      assert.deepEqual(res.body.schemas, [USER, ENTERPRISE]);
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.deepEqual(got.body[ENTERPRISE], res.body[ENTERPRISE]);
    });

    it('sets the manager by path with a bare id string, changes it, and removes it', async () => {
      const boss = await createUser();
      const other = await createUser();
      const u = await createUser();
      const managerPath = `${ENTERPRISE}:manager`;
      const set = await patchUser(u.id, [{ op: 'Add', path: managerPath, value: boss.id }]);
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual(set.body[ENTERPRISE].manager, { value: boss.id });
      const changed = await patchUser(u.id, [{ op: 'Replace', path: managerPath, value: other.id }]);
      assert.deepEqual(changed.body[ENTERPRISE].manager, { value: other.id });
      const removed = await patchUser(u.id, [{ op: 'Remove', path: managerPath }]);
      assert.equal(removed.status, 200);
      assert.equal(removed.body[ENTERPRISE], undefined, 'an extension left empty goes away');
      assert.deepEqual(removed.body.schemas, [USER]);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body[ENTERPRISE], undefined);
    });

    it('keeps the other enterprise attributes when the manager is removed', async () => {
      const boss = await createUser();
      const u = await createUser({ [ENTERPRISE]: { department: 'Sales', manager: { value: boss.id } } });
      const res = await patchUser(u.id, [{ op: 'Remove', path: `${ENTERPRISE}:manager` }]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body[ENTERPRISE], { department: 'Sales' });
    });

    it('clears the manager with an empty string', async () => {
      const boss = await createUser();
      const u = await createUser({ [ENTERPRISE]: { department: 'Sales', manager: { value: boss.id } } });
      const res = await patchUser(u.id, [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' }]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body[ENTERPRISE], { department: 'Sales' });
    });

    it('deletes a user: 204, then 404 and no longer found by filter', async () => {
      const u = await createUser();
      const del = await s.scim('DELETE', `/Users/${u.id}`);
      assert.equal(del.status, 204);
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(got.status, 404);
      assert.equal(got.body.status, '404');
      const list = await s.scim('GET', `/Users${filterQuery(`userName eq "${u.userName}"`)}`);
      assert.equal(list.body.totalResults, 0);
    });
  });

  describe(`Entra ID: groups (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'entra');
    });
    after(() => s.close());

    async function createGroup(displayName: string): Promise<Record<string, any>> {
      const res = await s.scim('POST', '/Groups', {
        // Entra names its ADSCIM group schema beside the core one on every group it creates.
        schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
        externalId: `ext-${displayName}`,
        displayName,
        members: [],
        meta: { resourceType: 'Group' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }
    const memberIds = async (id: string): Promise<string[]> => {
      const got = await s.scim('GET', `/Groups/${id}`);
      assert.equal(got.status, 200);
      return (got.body.members ?? []).map((m: { value: string }) => m.value).sort();
    };

    it('creates a group and finds it by displayName with members excluded', async () => {
      const displayName = `Group_${++seq}_${dialect}`;
      const none = await s.scim(
        'GET',
        `/Groups${filterQuery(`displayName eq "${displayName}"`, '&excludedAttributes=members')}`,
      );
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      const g = await createGroup(displayName);
      assert.equal(g.displayName, displayName);
      assert.equal(g.externalId, `ext-${displayName}`);
      assert.equal(g.members, undefined);
      assert.equal(g.meta.resourceType, 'Group');

      const u = await createUser();
      assert.equal(
        (await patch('Groups', g.id, [{ op: 'Add', path: 'members', value: [{ value: u.id }] }])).status,
        204,
      );
      const found = await s.scim(
        'GET',
        `/Groups${filterQuery(`displayName eq "${displayName}"`, '&excludedAttributes=members')}`,
      );
      assert.equal(found.status, 200);
      assert.equal(found.body.totalResults, 1);
      assert.equal(found.body.Resources[0].id, g.id);
      assert.equal(found.body.Resources[0].members, undefined);
      const byId = await s.scim('GET', `/Groups/${g.id}?excludedAttributes=members`);
      assert.equal(byId.status, 200);
      assert.equal(byId.body.displayName, displayName);
      assert.equal(byId.body.members, undefined);
    });

    it('adds members with a value array (with "$ref": null), answering 204', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const g = await createGroup(`Group_${++seq}_${dialect}`);
      const res = await patch('Groups', g.id, [
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: a.id },
            { $ref: null, value: b.id },
          ],
        },
      ]);
      assert.equal(res.status, 204);
      assert.deepEqual(await memberIds(g.id), [a.id, b.id].sort());
      const again = await patch('Groups', g.id, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: a.id }] }]);
      assert.equal(again.status, 204, 'adding a member twice is harmless');
      assert.deepEqual(await memberIds(g.id), [a.id, b.id].sort());
      const got = await s.scim('GET', `/Groups/${g.id}`);
      const member = got.body.members.find((m: { value: string }) => m.value === a.id);
      assert.equal(member.type, 'User');
      assert.equal(member.$ref, `https://roster.test/scim/v2/Users/${a.id}`);
    });

    it('removes members by a value array and by members[value eq "..."]', async () => {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const g = await createGroup(`Group_${++seq}_${dialect}`);
      await patch('Groups', g.id, [
        { op: 'Add', path: 'members', value: [{ value: a.id }, { value: b.id }, { value: c.id }] },
      ]);
      const byArray = await patch('Groups', g.id, [
        { op: 'Remove', path: 'members', value: [{ $ref: null, value: a.id }] },
      ]);
      assert.equal(byArray.status, 204);
      assert.deepEqual(await memberIds(g.id), [b.id, c.id].sort());
      const byFilter = await patch('Groups', g.id, [{ op: 'Remove', path: `members[value eq "${b.id}"]` }]);
      assert.equal(byFilter.status, 204);
      assert.deepEqual(await memberIds(g.id), [c.id]);
      const notMember = await patch('Groups', g.id, [{ op: 'Remove', path: 'members', value: [{ value: a.id }] }]);
      assert.equal(notMember.status, 204, 'removing a non-member is harmless');
      assert.deepEqual(await memberIds(g.id), [c.id]);
      const user = await s.scim('GET', `/Users/${a.id}`);
      assert.equal(user.body.groups, undefined);
    });

    it('skips a member that does not exist and adds the others of its batch', async () => {
      const u = await createUser();
      const g = await createGroup(`Group_${++seq}_${dialect}`);
      const res = await patch('Groups', g.id, [
        { op: 'Add', path: 'members', value: [{ value: '00000000-0000-4000-8000-000000000000' }, { value: u.id }] },
      ]);
      assert.equal(res.status, 204);
      assert.deepEqual(await memberIds(g.id), [u.id]);
    });

    it('renames a group with "Replace displayName"', async () => {
      const oldName = `Group_${++seq}_${dialect}`;
      const g = await createGroup(oldName);
      const newName = `${oldName}updatedDisplayName`;
      const res = await patch('Groups', g.id, [{ op: 'Replace', path: 'displayName', value: newName }]);
      assert.equal(res.status, 204);
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).body.displayName, newName);
      const old = await s.scim(
        'GET',
        `/Groups${filterQuery(`displayName eq "${oldName}"`, '&excludedAttributes=members')}`,
      );
      assert.equal(old.body.totalResults, 0);
    });

    it("shows a user's groups, and renames in them, once added", async () => {
      const u = await createUser();
      const g = await createGroup(`Group_${++seq}_${dialect}`);
      await patch('Groups', g.id, [{ op: 'Add', path: 'members', value: [{ value: u.id }] }]);
      await patch('Groups', g.id, [{ op: 'Replace', path: 'displayName', value: `Renamed_${seq}` }]);
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.deepEqual(
        got.body.groups.map((x: { value: string; display: string }) => [x.value, x.display]),
        [[g.id, `Renamed_${seq}`]],
      );
    });

    it('deletes a group: 204, then 404, and its members no longer list it', async () => {
      const u = await createUser();
      const g = await createGroup(`Group_${++seq}_${dialect}`);
      await patch('Groups', g.id, [{ op: 'Add', path: 'members', value: [{ value: u.id }] }]);
      const del = await s.scim('DELETE', `/Groups/${g.id}`);
      assert.equal(del.status, 204);
      const got = await s.scim('GET', `/Groups/${g.id}`);
      assert.equal(got.status, 404);
      assert.equal(got.body.status, '404');
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.groups, undefined);
    });
  });
}
