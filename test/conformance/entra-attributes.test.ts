import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, CUSTOM, define, ENTERPRISE, publishedNames, publishedSchema } from '../helpers/custom-schema.ts';
import { dialects } from '../helpers/dialects.ts';
import { patchOf, USER } from '../helpers/scim-fixtures.ts';
import { query } from '../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

// Microsoft Entra ID with attribute mappings onto the enterprise extension and onto the
// tenant's custom extension, as its provisioning service sends them: every value as a
// string ("42", "True"), the manager as a bare id, changes by PATCH with capitalized ops,
// one attribute per path or several in a path-less value with URN-prefixed keys.

const custom = (name: string): string => `${CUSTOM}:${name}`;
const enterprise = (name: string): string => `${ENTERPRISE}:${name}`;

for (const dialect of await dialects()) {
  describe(`Entra ID: enterprise and custom attributes (${dialect})`, () => {
    let s: TestServer;
    let managerId: string;
    let userId: string;
    before(async () => {
      s = await startServer(dialect, 'entra');
    });
    after(() => s.close());

    const createUser = async (userName: string, extra: Record<string, unknown>): Promise<Record<string, any>> => {
      const res = await s.scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE, CUSTOM],
        externalId: `ext-${userName}`,
        userName,
        active: true,
        displayName: userName,
        emails: [{ primary: true, type: 'work', value: `${userName}@contoso.test` }],
        meta: { resourceType: 'User' },
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const patchUser = async (...ops: unknown[]): Promise<Record<string, any>> => {
      const res = await s.scim('PATCH', `/Users/${userId}`, patchOf(...ops));
      // Entra tokens get 204 and the new ETag: Entra ignores PATCH bodies.
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const read = await s.scim('GET', `/Users/${userId}`);
      assert.equal(read.headers.etag, res.headers.etag, 'the 204 carries the new version');
      return read.body;
    };
    const filtered = async (filter: string, extra: Record<string, string> = {}): Promise<string[]> => {
      const res = await s.scim('GET', `/Users${query({ filter, ...extra })}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.Resources as { id: string }[]).map((r) => r.id);
    };

    it('publishes each custom attribute in /Schemas as it is defined, for the attribute picker', async () => {
      assert.deepEqual(await publishedNames(s), []);
      assert.deepEqual(await publishedNames(s, ENTERPRISE), [
        'employeeNumber',
        'costCenter',
        'organization',
        'division',
        'department',
        'manager',
      ]);
      await define(s, { name: 'badgeNumber', type: 'integer', description: 'Door badge' });
      assert.deepEqual(await publishedNames(s), ['badgeNumber']);
      await define(s, { name: 'vip', type: 'boolean' });
      assert.deepEqual(await publishedNames(s), ['badgeNumber', 'vip']);
      await define(s, { name: 'hireDate', type: 'dateTime' });
      assert.deepEqual(await publishedNames(s), ['badgeNumber', 'vip', 'hireDate']);
      assert.equal((await publishedSchema(s))?.hireDate?.type, 'dateTime');
    });

    it('creates a user with enterprise and custom attributes sent as strings', async () => {
      managerId = (await createUser('Manager_1', {})).id;
      const user = await createUser('Test_User_Attributes', {
        [ENTERPRISE]: {
          employeeNumber: '701984',
          costCenter: 'CC-1',
          organization: 'Contoso',
          division: 'Travel',
          department: 'Tour Operations',
          manager: managerId,
        },
        [CUSTOM]: { badgeNumber: '42', vip: 'True', hireDate: '2024-02-01T08:00:00Z' },
      });
      userId = user.id;
      assert.deepEqual(user.schemas, [USER, ENTERPRISE, CUSTOM]);
      assert.deepEqual(user[ENTERPRISE], {
        employeeNumber: '701984',
        costCenter: 'CC-1',
        organization: 'Contoso',
        division: 'Travel',
        department: 'Tour Operations',
        manager: { value: managerId },
      });
      assert.deepEqual(user[CUSTOM], { badgeNumber: 42, vip: true, hireDate: '2024-02-01T08:00:00.000Z' });
    });

    it('updates one attribute per PATCH path, as Entra does for each changed mapping', async () => {
      const user = await patchUser(
        { op: 'Replace', path: enterprise('department'), value: 'Marketing' },
        { op: 'Replace', path: custom('badgeNumber'), value: '43' },
        { op: 'Add', path: enterprise('employeeNumber'), value: '701985' },
        { op: 'Replace', path: enterprise('manager'), value: managerId },
        { op: 'Replace', path: custom('vip'), value: 'False' },
      );
      assert.equal(user[ENTERPRISE].department, 'Marketing');
      assert.equal(user[ENTERPRISE].employeeNumber, '701985');
      assert.deepEqual(user[ENTERPRISE].manager, { value: managerId });
      assert.deepEqual(user[CUSTOM], { badgeNumber: 43, vip: false, hireDate: '2024-02-01T08:00:00.000Z' });
    });

    it('updates several attributes in a path-less value with URN-prefixed keys', async () => {
      const user = await patchUser({
        op: 'Replace',
        value: {
          [enterprise('costCenter')]: 'CC-2',
          [enterprise('organization')]: 'Contoso Ltd',
          [enterprise('division')]: 'Cruises',
          [custom('badgeNumber')]: '44',
          [custom('vip')]: 'True',
          displayName: 'Attribute User',
        },
      });
      assert.equal(user.displayName, 'Attribute User');
      assert.deepEqual(
        [user[ENTERPRISE].costCenter, user[ENTERPRISE].organization, user[ENTERPRISE].division],
        ['CC-2', 'Contoso Ltd', 'Cruises'],
      );
      assert.deepEqual([user[CUSTOM].badgeNumber, user[CUSTOM].vip], [44, true]);
    });

    it('finds users by custom and enterprise attributes, and sorts by them', async () => {
      const other = await createUser('Test_User_Other', {
        [ENTERPRISE]: { department: 'Marketing', costCenter: 'CC-0' },
        [CUSTOM]: { badgeNumber: '7' },
      });
      assert.deepEqual(await filtered(`${custom('badgeNumber')} eq "44"`), [userId]);
      assert.deepEqual(await filtered(`${custom('vip')} eq "True"`), [userId]);
      assert.deepEqual(
        (await filtered(`${enterprise('department')} eq "marketing"`)).sort(),
        [userId, other.id].sort(),
      );
      assert.deepEqual(await filtered(`${enterprise('manager.value')} eq "${managerId}"`), [userId]);
      assert.deepEqual(
        await filtered(`${enterprise('department')} eq "Marketing" and ${custom('badgeNumber')} lt 10`),
        [other.id],
      );
      const byBadge = await filtered(`${custom('badgeNumber')} pr`, { sortBy: custom('badgeNumber') });
      assert.deepEqual(byBadge, [other.id, userId]);
      const byCostCenter = await filtered(`${enterprise('costCenter')} pr`, {
        sortBy: enterprise('costCenter'),
        sortOrder: 'descending',
      });
      assert.deepEqual(byCostCenter, [userId, other.id]);
    });

    it('clears attributes with Remove and with an empty manager, keeping the others', async () => {
      const user = await patchUser(
        { op: 'Remove', path: custom('vip') },
        { op: 'Replace', path: enterprise('manager'), value: '' },
        { op: 'Remove', path: enterprise('division') },
      );
      assert.deepEqual(user[CUSTOM], { badgeNumber: 44, hireDate: '2024-02-01T08:00:00.000Z' });
      assert.equal(user[ENTERPRISE].manager, undefined);
      assert.equal(user[ENTERPRISE].division, undefined);
      assert.equal(user[ENTERPRISE].department, 'Marketing');
    });

    it('refuses a value of the wrong type and a path to an attribute that is not defined', async () => {
      const bad = await s.scim(
        'PATCH',
        `/Users/${userId}`,
        patchOf({ op: 'Replace', path: custom('badgeNumber'), value: 'B-44' }),
      );
      assert.equal(bad.status, 400);
      assert.equal(bad.body.scimType, 'invalidValue');
      assert.match(bad.body.detail, /badgeNumber/);
      const unknown = await s.scim(
        'PATCH',
        `/Users/${userId}`,
        patchOf({ op: 'Add', path: custom('shoeSize'), value: '44' }),
      );
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.scimType, 'invalidPath');
      const ignored = await s.scim(
        'PATCH',
        `/Users/${userId}`,
        patchOf({ op: 'Replace', value: { [custom('shoeSize')]: '44' } }),
      );
      assert.equal(ignored.status, 204, 'an unknown key in a path-less value is ignored, like an unmapped attribute');
    });

    it('shows definition changes in /Schemas at once: deprecated, then removed with its values', async () => {
      await s.roster.attributes.deprecate(s.tenantId, 'hireDate', ADMIN);
      assert.equal((await publishedSchema(s))?.hireDate?.description, 'Deprecated.');
      assert.equal((await s.scim('GET', `/Users/${userId}`)).body[CUSTOM].hireDate, '2024-02-01T08:00:00.000Z');
      await s.roster.attributes.remove(s.tenantId, 'hireDate', ADMIN);
      assert.deepEqual(await publishedNames(s), ['badgeNumber', 'vip']);
      assert.deepEqual((await s.scim('GET', `/Users/${userId}`)).body[CUSTOM], { badgeNumber: 44 });
      await s.roster.attributes.remove(s.tenantId, 'badgeNumber', ADMIN);
      await s.roster.attributes.remove(s.tenantId, 'vip', ADMIN);
      assert.equal(await publishedSchema(s), undefined);
      const user = (await s.scim('GET', `/Users/${userId}`)).body;
      assert.deepEqual(user.schemas, [USER, ENTERPRISE]);
      const again = await s.scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE, CUSTOM],
        userName: 'Test_User_After',
        [CUSTOM]: { badgeNumber: '1' },
      });
      assert.equal(again.status, 201, 'Entra may keep sending the URN after the last definition is gone');
      assert.equal(again.body[CUSTOM], undefined);
    });
  });
}
