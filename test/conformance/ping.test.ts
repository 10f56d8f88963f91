import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOM, define } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { ENTERPRISE, GROUP, PATCH_OP, USER, memberIds } from '../helpers/scim-fixtures.ts';
import { filteredIds, query } from '../helpers/scim-lists.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of Ping's outbound SCIM provisioners (PingOne's SCIM connection,
// PingFederate's SCIM Provisioner): look-up by the unique identifier `userName`, create
// with core and enterprise attributes, update, and the deprovisioning action you choose
// (Disable: `active` false; Delete: DELETE). Ping's public documentation does not show its
// PATCH bodies; for updates and group membership we send generic RFC 7644 shapes (PATCH
// replace with a path, add/remove on `members`).
//
// Custom attributes: PingFederate's SCIM 1.1 provisioner documents them as an object under
// the extension's namespace ("Specifying custom SCIM attributes"), and PingOne's SCIM
// connection has a SCHEMA_EXTENSION_URNS setting, but Ping publishes no SCIM 2.0 body that
// carries them; we send the generic RFC 7643 shape (the object under the URN) and RFC 7644
// PATCH paths (`urn:...:User:badgeNumber`).

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;
  const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[]): Promise<ScimResponse> =>
    s.scim('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: operations });

  /** A user as mapped by a Ping provisioning rule: the required core set and enterprise fields. */
  function pingUser(userName: string): Record<string, unknown> {
    return {
      schemas: [USER, ENTERPRISE],
      userName,
      externalId: `ping-${userName}`,
      name: { givenName: 'Pat', familyName: 'Ping' },
      emails: [{ value: userName, type: 'work', primary: true }],
      active: true,
      [ENTERPRISE]: { employeeNumber: `E${seq}`, department: 'Finance', costCenter: 'CC-1' },
    };
  }
  async function createUser(): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', pingUser(`pat.${++seq}.${dialect}@ping.test`));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`Ping: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('finds no user by userName before creating it, then exactly one', async () => {
      const userName = `lookup.${dialect}@ping.test`;
      const none = await s.scim('GET', `/Users${query({ filter: `userName eq "${userName}"` })}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      const created = await s.scim('POST', '/Users', pingUser(userName));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const one = await s.scim('GET', `/Users${query({ filter: `userName eq "${userName}"` })}`);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources[0].id, created.body.id);
    });

    it('creates a user with enterprise employeeNumber, department and costCenter', async () => {
      const u = await createUser();
      assert.equal(u.active, true);
      assert.equal(u[ENTERPRISE].employeeNumber, `E${seq}`);
      assert.equal(u[ENTERPRISE].department, 'Finance');
      assert.equal(u[ENTERPRISE].costCenter, 'CC-1');
    });

    it('updates core and enterprise attributes with PATCH replace by path (generic shape)', async () => {
      const u = await createUser();
      const res = await patch('Users', u.id, [
        { op: 'replace', path: 'name.givenName', value: 'Patricia' },
        { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Legal' },
      ]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name.givenName, 'Patricia');
      assert.equal(res.body[ENTERPRISE].department, 'Legal');
      assert.equal(res.body[ENTERPRISE].costCenter, 'CC-1');
    });

    it('updates a user with PUT of the mapped attributes', async () => {
      const u = await createUser();
      const put = await s.scim('PUT', `/Users/${u.id}`, {
        ...pingUser(u.userName),
        name: { givenName: 'Pat', familyName: 'Put' },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.name.familyName, 'Put');
      assert.equal(put.body[ENTERPRISE].department, 'Finance');
    });

    it('disables with active false (the Disable action), then deletes (the Delete action)', async () => {
      const u = await createUser();
      const off = await patch('Users', u.id, [{ op: 'replace', path: 'active', value: false }]);
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.active, false);
      assert.equal((await s.scim('DELETE', `/Users/${u.id}`)).status, 204);
      assert.equal((await s.scim('GET', `/Users/${u.id}`)).status, 404);
      const listed = await s.scim('GET', `/Users${query({ filter: `userName eq "${u.userName}"` })}`);
      assert.equal(listed.body.totalResults, 0);
    });
  });

  describe(`Ping: custom attributes (${dialect})`, () => {
    let u: Record<string, any>;
    before(async () => {
      s = await startServer(dialect, 'generic');
      await define(s, { name: 'costCenter', type: 'string' }, { name: 'badgeNumber', type: 'integer' });
    });
    after(() => s.close());

    /** A mapped user whose rule also maps two attributes to the custom extension. */
    const withCustom = (userName: string, custom: Record<string, unknown>): Record<string, unknown> => ({
      ...pingUser(userName),
      schemas: [USER, ENTERPRISE, CUSTOM],
      [CUSTOM]: custom,
    });

    it('creates a user with custom attributes under the extension URN, beside the enterprise ones (generic shape)', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        withCustom(`custom.${dialect}@ping.test`, { costCenter: 'CC-7', badgeNumber: 42 }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      u = res.body;
      assert.deepEqual(u.schemas, [USER, ENTERPRISE, CUSTOM]);
      assert.deepEqual(u[CUSTOM], { costCenter: 'CC-7', badgeNumber: 42 });
      assert.equal(u[ENTERPRISE].costCenter, 'CC-1', 'the enterprise costCenter is another attribute');
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, u, 'what POST answers is what is stored');
    });

    it('updates custom and enterprise attributes with PATCH replace by URN path (generic shape)', async () => {
      const res = await patch('Users', u.id, [
        { op: 'replace', path: `${CUSTOM}:badgeNumber`, value: 43 },
        { op: 'replace', path: `${CUSTOM}:costCenter`, value: 'CC-8' },
        { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Legal' },
      ]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body[CUSTOM], { costCenter: 'CC-8', badgeNumber: 43 });
      assert.deepEqual([res.body[ENTERPRISE].department, res.body[ENTERPRISE].costCenter], ['Legal', 'CC-1']);
      assert.deepEqual((await s.scim('GET', `/Users/${u.id}`)).body, res.body, 'what PATCH answers is what is stored');
    });

    it('finds users by a custom attribute and by enterprise department, and reads them back', async () => {
      const res = await s.scim(
        'POST',
        '/Users',
        withCustom(`custom.other.${dialect}@ping.test`, { costCenter: 'CC-8', badgeNumber: 7 }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const other = res.body;
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:badgeNumber eq 43`), [u.id]);
      assert.deepEqual(await filteredIds(s, '/Users', `${CUSTOM}:costCenter eq "cc-8"`), [u.id, other.id].sort());
      assert.deepEqual(await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Legal"`), [u.id]);
      assert.deepEqual(
        await filteredIds(s, '/Users', `${ENTERPRISE}:department eq "Finance" and ${CUSTOM}:badgeNumber lt 10`),
        [other.id],
      );
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.deepEqual(got.body[CUSTOM], { costCenter: 'CC-8', badgeNumber: 43 });
      assert.equal(got.body[ENTERPRISE].department, 'Legal');
    });
  });

  describe(`Ping: groups (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'generic');
    });
    after(() => s.close());

    it('creates a group, adds and removes members, renames and deletes it', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const name = `Ping Group ${++seq}`;
      const created = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: name,
        members: [{ value: a.id }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const g = created.body;
      const found = await s.scim('GET', `/Groups${query({ filter: `displayName eq "${name}"` })}`);
      assert.equal(found.body.totalResults, 1);

      const add = await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: b.id }] }]);
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
    });
  });
}
