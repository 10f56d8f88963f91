import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, CUSTOM, define, ENTERPRISE, publishedNames, publishedSchema } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { patchOf, USER } from '../helpers/scim-fixtures.ts';
import { query } from '../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

// Okta with profile attributes mapped onto the enterprise extension and onto the tenant's
// custom extension (Okta's "external namespace" is the extension's URN): JSON-typed values
// nested under the URN key, profile updates by PUT of the whole user, and PATCH with a
// path or with a path-less value holding the extension's object.

const custom = (name: string): string => `${CUSTOM}:${name}`;
const enterprise = (name: string): string => `${ENTERPRISE}:${name}`;

for (const dialect of await dialects()) {
  describe(`Okta: enterprise and custom attributes (${dialect})`, () => {
    let s: TestServer;
    let managerId: string;
    let user: Record<string, any>;
    before(async () => {
      s = await startServer(dialect, 'okta');
    });
    after(() => s.close());

    /** The whole user as Okta sends it, on creation and on every profile update. */
    const oktaUser = (login: string, ext: { enterprise?: object; custom?: object }): Record<string, unknown> => ({
      schemas: [USER, ...(ext.enterprise ? [ENTERPRISE] : []), ...(ext.custom ? [CUSTOM] : [])],
      userName: login,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: login, type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: `00u${login.length}okta`,
      groups: [],
      active: true,
      ...(ext.enterprise ? { [ENTERPRISE]: ext.enterprise } : {}),
      ...(ext.custom ? { [CUSTOM]: ext.custom } : {}),
    });
    const patchUser = async (...ops: unknown[]): Promise<Record<string, any>> => {
      const res = await s.scim('PATCH', `/Users/${user.id}`, patchOf(...ops));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const ids = async (params: Record<string, string>): Promise<string[]> => {
      const res = await s.scim('GET', `/Users${query({ startIndex: 1, count: 100, ...params })}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.Resources as { id: string }[]).map((r) => r.id);
    };

    it('publishes the custom schema in /Schemas as attributes are defined, for the profile editor import', async () => {
      assert.equal(await publishedSchema(s), undefined);
      await define(s, { name: 'costCode', type: 'string', description: 'Cost centre code' });
      assert.deepEqual(await publishedNames(s), ['costCode']);
      await define(s, { name: 'deviceQuota', type: 'integer' });
      assert.deepEqual(await publishedNames(s), ['costCode', 'deviceQuota']);
      await define(s, { name: 'remote', type: 'boolean' }, { name: 'licences', type: 'string', multiValued: true });
      assert.deepEqual(await publishedNames(s), ['costCode', 'deviceQuota', 'remote', 'licences']);
      assert.equal((await publishedSchema(s))?.licences?.multiValued, true);
    });

    it('creates a user with enterprise and custom attributes nested under their URNs', async () => {
      const manager = await s.scim('POST', '/Users', oktaUser('manager@okta.local', {}));
      managerId = manager.body.id;
      const res = await s.scim(
        'POST',
        '/Users',
        oktaUser('attrs@okta.local', {
          enterprise: {
            employeeNumber: '1001',
            costCenter: 'R&D',
            organization: 'Okta Test',
            division: 'Engineering',
            department: 'Platform',
            manager: { value: managerId, displayName: 'Manager' },
          },
          custom: { costCode: 'CC-9', deviceQuota: 3, remote: true, licences: ['office', 'vpn'] },
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      user = res.body;
      assert.deepEqual(user[ENTERPRISE], {
        employeeNumber: '1001',
        costCenter: 'R&D',
        organization: 'Okta Test',
        division: 'Engineering',
        department: 'Platform',
        manager: { value: managerId },
      });
      assert.deepEqual(user[CUSTOM], { costCode: 'CC-9', deviceQuota: 3, remote: true, licences: ['office', 'vpn'] });
      const read = await s.scim('GET', `/Users/${user.id}`);
      assert.deepEqual(read.body[CUSTOM], user[CUSTOM]);
    });

    it('updates the profile with PUT of the whole user, extensions included', async () => {
      const res = await s.scim(
        'PUT',
        `/Users/${user.id}`,
        oktaUser('attrs@okta.local', {
          enterprise: {
            employeeNumber: '1001',
            department: 'Security',
            division: 'Engineering',
            manager: { value: managerId },
          },
          custom: { costCode: 'CC-10', deviceQuota: 5, remote: false },
        }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body[ENTERPRISE], {
        employeeNumber: '1001',
        division: 'Engineering',
        department: 'Security',
        manager: { value: managerId },
      });
      assert.deepEqual(
        res.body[CUSTOM],
        { costCode: 'CC-10', deviceQuota: 5, remote: false },
        'PUT replaces: licences are gone',
      );
    });

    it('updates attributes by PATCH path', async () => {
      const patched = await patchUser(
        { op: 'replace', path: custom('deviceQuota'), value: 6 },
        { op: 'add', path: custom('licences'), value: ['office'] },
        { op: 'replace', path: enterprise('organization'), value: 'Okta Test Org' },
        { op: 'replace', path: enterprise('costCenter'), value: 'R&D 2' },
      );
      assert.deepEqual(patched[CUSTOM], { costCode: 'CC-10', deviceQuota: 6, remote: false, licences: ['office'] });
      assert.equal(patched[ENTERPRISE].organization, 'Okta Test Org');
      assert.equal(patched[ENTERPRISE].costCenter, 'R&D 2');
    });

    it("updates attributes by a path-less PATCH value holding each extension's object", async () => {
      const patched = await patchUser({
        op: 'replace',
        value: {
          [CUSTOM]: { deviceQuota: 7, remote: true },
          [ENTERPRISE]: { department: 'Identity', employeeNumber: '1002' },
          active: true,
        },
      });
      assert.deepEqual(
        patched[CUSTOM],
        { costCode: 'CC-10', deviceQuota: 7, remote: true, licences: ['office'] },
        'the others are kept',
      );
      assert.deepEqual([patched[ENTERPRISE].department, patched[ENTERPRISE].employeeNumber], ['Identity', '1002']);
      assert.deepEqual(patched[ENTERPRISE].manager, { value: managerId });
      const read = await s.scim('GET', `/Users/${user.id}`);
      assert.deepEqual(read.body, patched, 'what PATCH answers is what is stored');
    });

    it('finds users by custom and enterprise attributes, and sorts by them', async () => {
      const other = await s.scim(
        'POST',
        '/Users',
        oktaUser('other@okta.local', {
          enterprise: { department: 'identity' },
          custom: { deviceQuota: 2, costCode: 'CC-1' },
        }),
      );
      const otherId = other.body.id as string;
      assert.deepEqual(await ids({ filter: `${custom('deviceQuota')} eq 7` }), [user.id]);
      assert.deepEqual(await ids({ filter: `${custom('costCode')} sw "cc-1"`, sortBy: custom('costCode') }), [
        otherId,
        user.id,
      ]);
      assert.deepEqual(await ids({ filter: `${custom('licences')} eq "office"` }), [user.id]);
      assert.deepEqual(
        await ids({
          filter: `${enterprise('department')} eq "IDENTITY"`,
          sortBy: custom('deviceQuota'),
          sortOrder: 'descending',
        }),
        [user.id, otherId],
      );
      assert.deepEqual(
        await ids({ filter: `${custom('remote')} eq true and ${enterprise('employeeNumber')} eq "1002"` }),
        [user.id],
      );
      assert.deepEqual(await ids({ filter: `userName eq "attrs@okta.local"`, attributes: custom('deviceQuota') }), [
        user.id,
      ]);
      const projected = await s.scim(
        'GET',
        `/Users/${user.id}${query({ attributes: `${custom('deviceQuota')},${enterprise('department')}` })}`,
      );
      assert.deepEqual(projected.body[CUSTOM], { deviceQuota: 7 });
      assert.deepEqual(projected.body[ENTERPRISE], { department: 'Identity' });
    });

    it('refuses a value of the wrong type naming the attribute, and a PATCH path to an undefined one', async () => {
      const bad = await s.scim(
        'PATCH',
        `/Users/${user.id}`,
        patchOf({ op: 'replace', value: { [CUSTOM]: { remote: 'sometimes' } } }),
      );
      assert.equal(bad.status, 400);
      assert.equal(bad.body.scimType, 'invalidValue');
      assert.ok(bad.body.detail.includes(custom('remote')), bad.body.detail);
      const unknown = await s.scim(
        'PATCH',
        `/Users/${user.id}`,
        patchOf({ op: 'replace', path: custom('seat'), value: '1' }),
      );
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.scimType, 'invalidPath');
    });

    it('shows each definition change in /Schemas at once, and removed attributes leave the users', async () => {
      await s.roster.attributes.update(
        s.tenantId,
        'costCode',
        { description: 'Finance cost code', caseExact: true },
        ADMIN,
      );
      const changed = await publishedSchema(s);
      assert.deepEqual([changed?.costCode?.description, changed?.costCode?.caseExact], ['Finance cost code', true]);
      await s.roster.attributes.deprecate(s.tenantId, 'licences', ADMIN);
      assert.equal((await publishedSchema(s))?.licences?.description, 'Deprecated.');
      await s.roster.attributes.remove(s.tenantId, 'licences', ADMIN);
      assert.deepEqual(await publishedNames(s), ['costCode', 'deviceQuota', 'remote']);
      const read = await s.scim('GET', `/Users/${user.id}`);
      assert.deepEqual(read.body[CUSTOM], { costCode: 'CC-10', deviceQuota: 7, remote: true });
      const put = await s.scim(
        'PUT',
        `/Users/${user.id}`,
        oktaUser('attrs@okta.local', { custom: { licences: ['office'], deviceQuota: 2 } }),
      );
      assert.equal(put.status, 200, 'a removed attribute Okta still sends is ignored');
      assert.deepEqual(put.body[CUSTOM], { deviceQuota: 2 });
    });
  });
}
