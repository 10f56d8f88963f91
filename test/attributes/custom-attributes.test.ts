import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { runCli, startServe } from '../helpers/cli.ts';
import { cliFails, cliJson, scimOver } from '../helpers/roster-cli.ts';
import {
  ADMIN,
  CUSTOM,
  define,
  ENTERPRISE,
  eventually,
  publishedNames,
  publishedSchema,
} from '../helpers/custom-schema.ts';
import { dialects, freshDatabase } from '../helpers/dialects.ts';
import { patchOf, USER } from '../helpers/scim-fixtures.ts';
import { assertScimError, query } from '../helpers/scim-lists.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';
import { eventsOfType } from '../helpers/audit-events.ts';

const at = (name: string): string => `${CUSTOM}:${name}`;
const IVANTI = 'urn:ietf:params:scim:schemas:extension:ivanti:2.0:User';

for (const dialect of await dialects()) {
  describe(`custom attributes (${dialect})`, () => {
    let s: TestServer;
    let seq = 0;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    const post = (extra: Record<string, unknown>): Promise<ScimResponse> =>
      s.scim('POST', '/Users', { schemas: [USER, CUSTOM], userName: `custom.${++seq}`, ...extra });
    const created = async (extra: Record<string, unknown>): Promise<Record<string, any>> => {
      const res = await post(extra);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const ids = async (params: Record<string, string>): Promise<string[]> => {
      const res = await s.scim('GET', `/Users${query({ ...params, count: 1000 })}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.Resources as { id: string }[]).map((r) => r.id);
    };
    const remove = (name: string) => s.roster.attributes.remove(s.tenantId, name, ADMIN);

    it('should publish no custom schema until an attribute is defined, then every definition change at once', async () => {
      assert.equal(await publishedSchema(s), undefined);
      await define(s, { name: 'badgeNumber', type: 'integer', description: 'Door badge' });
      const first = await publishedSchema(s);
      assert.deepEqual(first?.badgeNumber, {
        name: 'badgeNumber',
        type: 'integer',
        multiValued: false,
        description: 'Door badge',
        required: false,
        caseExact: false,
        mutability: 'readWrite',
        returned: 'default',
        uniqueness: 'none',
      });
      const schemas = await s.scim('GET', `/Schemas/${CUSTOM}`);
      assert.equal(schemas.body.name, 'RosterUser');

      await define(
        s,
        { name: 'costCode', type: 'string', caseExact: true },
        { name: 'vip', type: 'boolean' },
        { name: 'tags', type: 'string', multiValued: true },
        { name: 'hiredAt', type: 'dateTime' },
        { name: 'ratio', type: 'decimal' },
        { name: 'photo', type: 'binary' },
        { name: 'homepage', type: 'reference' },
        { name: 'pin', type: 'string', mutability: 'writeOnly' },
      );
      const all = await publishedSchema(s);
      assert.deepEqual(Object.keys(all ?? {}), [
        'badgeNumber',
        'costCode',
        'vip',
        'tags',
        'hiredAt',
        'ratio',
        'photo',
        'homepage',
        'pin',
      ]);
      assert.equal(all?.costCode?.caseExact, true);
      assert.equal(all?.tags?.multiValued, true);
      assert.equal(all?.hiredAt?.type, 'dateTime');
      assert.deepEqual([all?.pin?.mutability, all?.pin?.returned], ['writeOnly', 'never']);

      await s.roster.attributes.update(s.tenantId, 'BADGENUMBER', { description: 'The door badge' }, ADMIN);
      assert.equal((await publishedSchema(s))?.badgeNumber?.description, 'The door badge', 'names match in any case');
      await s.roster.attributes.deprecate(s.tenantId, 'ratio', ADMIN);
      assert.equal((await publishedSchema(s))?.ratio?.description, 'Deprecated.');
      await remove('photo');
      assert.ok(!(await publishedNames(s)).includes('photo'));
    });

    it('should refuse bad definitions with a message saying what is wrong', async () => {
      const refused = (input: Parameters<typeof define>[1], pattern: RegExp) =>
        assert.rejects(s.roster.attributes.define(s.tenantId, input, ADMIN), pattern);
      await refused({ name: 'BadgeNumber', type: 'string' }, /already defined \(names are case-insensitive\)/);
      await refused({ name: '9lives', type: 'string' }, /not a valid attribute name/);
      await refused({ name: 'a.b', type: 'string' }, /not a valid attribute name/);
      await refused({ name: 'manager', type: 'complex' }, /Unknown type "complex"/);
      await refused({ name: 'x', type: 'string', mutability: 'sometimes' }, /Unknown mutability/);
      await assert.rejects(s.roster.attributes.remove(s.tenantId, 'nothing', ADMIN), /No custom attribute "nothing"/);
      await assert.rejects(
        s.roster.attributes.update(s.tenantId, 'nothing', { required: true }, ADMIN),
        /No custom attribute/,
      );
    });

    it('should validate and coerce values by type: strings for numbers, booleans and dates, one value for many', async () => {
      const user = await created({
        [CUSTOM]: {
          BadgeNumber: '42',
          costCode: 'CC-7',
          vip: 'True',
          tags: 'contractor',
          hiredAt: '2024-03-01T09:00:00+01:00',
          ratio: '0.75',
          homepage: 'https://example.com/~a',
          pin: '1234',
        },
      });
      assert.deepEqual(user[CUSTOM], {
        badgeNumber: 42,
        costCode: 'CC-7',
        vip: true,
        tags: ['contractor'],
        hiredAt: '2024-03-01T08:00:00.000Z',
        ratio: 0.75,
        homepage: 'https://example.com/~a',
      });
      assert.deepEqual(user.schemas, [USER, CUSTOM]);
      const read = await s.scim('GET', `/Users/${user.id}`);
      assert.deepEqual(read.body[CUSTOM], user[CUSTOM], 'stored as coerced; the writeOnly pin is never returned');

      for (const [name, value, expected] of [
        ['badgeNumber', 'abc', 'an integer'],
        ['badgeNumber', 1.5, 'an integer'],
        ['vip', 'maybe', 'a boolean'],
        ['hiredAt', 'yesterday', 'a dateTime'],
        ['ratio', 'lots', 'a decimal'],
        ['badgeNumber', ['1', '2'], 'single-valued'],
        ['homepage', { href: 'x' }, 'a reference'],
      ] as const) {
        const res = await post({ [CUSTOM]: { [name]: value } });
        assertScimError(res, 400, 'invalidValue', `${name}: ${JSON.stringify(value)}`);
        assert.ok(res.body.detail.includes(at(name)), `the detail names ${at(name)}: ${res.body.detail}`);
        assert.ok(res.body.detail.includes(expected), res.body.detail);
      }
      const patched = await s.scim(
        'PATCH',
        `/Users/${user.id}`,
        patchOf({ op: 'replace', path: at('vip'), value: 'perhaps' }),
      );
      assertScimError(patched, 400, 'invalidValue', 'PATCH with a bad boolean');
      assert.ok(patched.body.detail.includes(at('vip')), patched.body.detail);
    });

    it('should take empty text for a number, boolean or date as no value, in POST, PUT and PATCH', async () => {
      // OneLogin fills its SCIM JSON Template with "" where the source has no value.
      const user = await created({ [CUSTOM]: { badgeNumber: '', vip: ' ', hiredAt: '', ratio: '', costCode: '' } });
      assert.deepEqual(user[CUSTOM], { costCode: '' }, 'a string keeps its empty value');
      const withBadge = await s.scim(
        'PATCH',
        `/Users/${user.id}`,
        patchOf({ op: 'replace', path: at('badgeNumber'), value: '7' }),
      );
      assert.equal(withBadge.body[CUSTOM].badgeNumber, 7);
      const cleared = await s.scim(
        'PATCH',
        `/Users/${user.id}`,
        patchOf({ op: 'replace', path: at('badgeNumber'), value: '' }),
      );
      assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
      assert.equal(cleared.body[CUSTOM]?.badgeNumber, undefined, 'replacing with "" removes the value');
      const put = await s.scim('PUT', `/Users/${user.id}`, {
        schemas: [USER, CUSTOM],
        userName: user.userName,
        active: '',
        [CUSTOM]: { vip: '' },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body[CUSTOM], undefined);
      const absent = await s.scim('PUT', `/Users/${user.id}`, { schemas: [USER], userName: user.userName });
      assert.equal(put.body.active, absent.body.active, 'active "" is the same as no active');
    });

    it('should take the nested object under the URN and URN-prefixed keys in POST and PUT', async () => {
      const user = await created({ [at('badgeNumber')]: 7, [CUSTOM]: { costCode: 'A' } });
      assert.deepEqual(user[CUSTOM], { badgeNumber: 7, costCode: 'A' });
      const put = await s.scim('PUT', `/Users/${user.id}`, {
        schemas: [USER, ENTERPRISE, CUSTOM],
        userName: user.userName,
        [CUSTOM]: { badgeNumber: '8', tags: ['a', 'b'] },
        [ENTERPRISE]: { department: 'Sales' },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body[CUSTOM], { badgeNumber: 8, tags: ['a', 'b'] }, 'PUT replaces: costCode is gone');
      assert.deepEqual(put.body[ENTERPRISE], { department: 'Sales' });
      const bare = await s.scim('PUT', `/Users/${user.id}`, { schemas: [USER], userName: user.userName });
      assert.equal(bare.status, 200);
      assert.equal(bare.body[CUSTOM], undefined);
      assert.deepEqual(bare.body.schemas, [USER], 'an extension without values is not listed');
    });

    it('should PATCH by path, by path-less URN-prefixed key and by path-less nested object', async () => {
      const user = await created({ [CUSTOM]: { badgeNumber: 1 } });
      const patch = async (...ops: unknown[]): Promise<Record<string, any>> => {
        const res = await s.scim('PATCH', `/Users/${user.id}`, patchOf(...ops));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      assert.equal((await patch({ op: 'replace', path: at('badgeNumber'), value: '2' }))[CUSTOM].badgeNumber, 2);
      assert.equal((await patch({ op: 'Replace', value: { [at('badgeNumber')]: '3' } }))[CUSTOM].badgeNumber, 3);
      assert.deepEqual((await patch({ op: 'add', value: { [CUSTOM]: { badgeNumber: 4, costCode: 'Z' } } }))[CUSTOM], {
        badgeNumber: 4,
        costCode: 'Z',
      });
      assert.deepEqual((await patch({ op: 'add', path: at('tags'), value: ['x', 'y'] }))[CUSTOM].tags, ['x', 'y']);
      assert.deepEqual(
        (await patch({ op: 'add', path: at('tags'), value: 'z' }))[CUSTOM].tags,
        ['x', 'y', 'z'],
        'add appends',
      );
      assert.deepEqual((await patch({ op: 'replace', path: at('tags'), value: ['y'] }))[CUSTOM].tags, ['y']);
      assert.deepEqual((await patch({ op: 'remove', path: at('costCode') }))[CUSTOM], { badgeNumber: 4, tags: ['y'] });
      const gone = await patch({ op: 'remove', path: CUSTOM });
      assert.equal(gone[CUSTOM], undefined);
      assert.deepEqual(gone.schemas, [USER]);
    });

    it('should refuse a PATCH path to an undefined custom attribute: 400 invalidPath', async () => {
      const user = await created({});
      for (const path of [at('shoeSize'), `${at('shoeSize')}.value`, `${CUSTOM}:photo`]) {
        const res = await s.scim('PATCH', `/Users/${user.id}`, patchOf({ op: 'add', path, value: '1' }));
        assertScimError(res, 400, 'invalidPath', path);
      }
    });

    it('should ignore an undefined custom attribute in a POST and note it in the provisioning log', async () => {
      const res = await post({ [CUSTOM]: { badgeNumber: 5, shoeSize: 44 }, [at('eyeColour')]: 'green' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body[CUSTOM], { badgeNumber: 5 });
      await s.roster.provisioningLog.flush();
      const { entries } = await s.roster.provisioningLog.query({ tenantId: s.tenantId, limit: 10 });
      const entry = entries.find((e) => e.resourceId === res.body.id);
      assert.deepEqual(entry?.ignored, [at('shoeSize'), at('eyeColour')]);
    });

    it('should filter and sort on custom attributes, typed and case-exact as defined', async () => {
      const mark = `f${seq}`;
      const a = await created({ externalId: mark, [CUSTOM]: { badgeNumber: 42, costCode: 'Abc', vip: true } });
      const b = await created({ externalId: mark, [CUSTOM]: { badgeNumber: 7, costCode: 'abc', tags: ['x'] } });
      const c = await created({ externalId: mark, [CUSTOM]: { badgeNumber: 100, ratio: 1.5 } });
      const d = await created({ externalId: mark });
      const where = (filter: string) =>
        ids({ filter: `externalId eq "${mark}" and (${filter})` }).then((r) => r.sort());
      assert.deepEqual(await where(`${at('badgeNumber')} eq "42"`), [a.id]);
      assert.deepEqual(await where(`${at('BADGENUMBER')} eq 42`), [a.id]);
      assert.deepEqual(await where(`${at('badgeNumber')} gt 10`), [a.id, c.id].sort());
      assert.deepEqual(await where(`${at('costCode')} eq "abc"`), [b.id], 'costCode is case-exact');
      assert.deepEqual(await where(`${at('vip')} eq true`), [a.id]);
      assert.deepEqual(await where(`${at('tags')} eq "x"`), [b.id]);
      assert.deepEqual(await where(`${at('ratio')} ge 1`), [c.id]);
      assert.deepEqual(await where(`not (${at('badgeNumber')} pr)`), [d.id]);
      assert.deepEqual(await where(`${CUSTOM}:badgeNumber lt 50 and ${at('costCode')} sw "A"`), [a.id]);

      const sortBy = at('badgeNumber');
      assert.deepEqual(
        await ids({ filter: `externalId eq "${mark}"`, sortBy }),
        [b.id, a.id, c.id, d.id],
        'absent sorts last',
      );
      assert.deepEqual(
        await ids({ filter: `externalId eq "${mark}"`, sortBy, sortOrder: 'descending' }),
        [d.id, c.id, a.id, b.id],
        'descending is the exact reverse (RFC 7644 3.4.2.3: absent first)',
      );
      const bad = await s.scim('GET', `/Users${query({ filter: `${at('badgeNumber')} eq "many"` })}`);
      assertScimError(bad, 400, 'invalidFilter', 'a filter value of the wrong type');
    });

    it('should keep values of a deprecated attribute: writable, returned and filterable', async () => {
      const user = await created({ [CUSTOM]: { ratio: '2.5' } });
      assert.equal(user[CUSTOM].ratio, 2.5, 'ratio was deprecated in the first test');
      assert.deepEqual(await ids({ filter: `${at('ratio')} eq 2.5` }), [user.id]);
    });

    it('should remove values with their definition, so that a new definition of the name starts clean', async () => {
      await define(s, { name: 'seat', type: 'string' });
      const user = await created({ [CUSTOM]: { seat: '4B', badgeNumber: 9 } });
      const only = await created({ [CUSTOM]: { seat: '5C' } });
      const other = await created({ [CUSTOM]: { badgeNumber: 10 } });
      const { valuesRemoved } = await remove('SEAT');
      assert.equal(valuesRemoved, 2);
      const read = await s.scim('GET', `/Users/${user.id}`);
      assert.deepEqual(read.body[CUSTOM], { badgeNumber: 9 });
      assert.equal(read.body.meta.version, 'W/"2"', 'a user whose value was removed gets a new version');
      const emptied = await s.scim('GET', `/Users/${only.id}`);
      assert.equal(emptied.body[CUSTOM], undefined);
      assert.deepEqual(emptied.body.schemas, [USER], 'an emptied extension leaves schemas too');
      const untouched = await s.scim('GET', `/Users/${other.id}`);
      assert.equal(untouched.body.meta.version, 'W/"1"', 'users without a value keep their version');

      const unknown = await s.scim('GET', `/Users${query({ filter: `${at('seat')} eq "4B"` })}`);
      assertScimError(unknown, 400, 'invalidFilter', 'a removed attribute is unknown to filters');
      await define(s, { name: 'seat', type: 'integer' });
      assert.equal((await s.scim('GET', `/Users/${user.id}`)).body[CUSTOM].seat, undefined, 'starts clean');
      const again = await s.scim('PATCH', `/Users/${user.id}`, patchOf({ op: 'add', path: at('seat'), value: '12' }));
      assert.equal(again.body[CUSTOM].seat, 12);
    });

    it('should refuse to change the type of an attribute that has values, and allow it while none has', async () => {
      await define(s, { name: 'floor', type: 'string' });
      const changed = await s.roster.attributes.update(
        s.tenantId,
        'floor',
        { type: 'integer', multiValued: true },
        ADMIN,
      );
      assert.deepEqual([changed.type, changed.multiValued], ['integer', true]);
      await created({ [CUSTOM]: { floor: ['3'] } });
      await assert.rejects(
        s.roster.attributes.update(s.tenantId, 'floor', { type: 'string' }, ADMIN),
        /Cannot change the type of "floor" from integer to string: 1 user has a value of it/,
      );
      await assert.rejects(
        s.roster.attributes.update(s.tenantId, 'floor', { multiValued: false }, ADMIN),
        /Cannot make "floor" single-valued/,
      );
      const described = await s.roster.attributes.update(
        s.tenantId,
        'floor',
        { description: 'Office floor', required: false },
        ADMIN,
      );
      assert.equal(described.description, 'Office floor', 'other changes are allowed over values');
    });

    it('should require a required attribute when the extension is given, naming it', async () => {
      await define(s, { name: 'site', type: 'string', required: true });
      const res = await post({ [CUSTOM]: { badgeNumber: 1 } });
      assertScimError(res, 400, 'invalidValue', 'required custom attribute missing');
      assert.ok(res.body.detail.includes(at('site')), res.body.detail);
      assert.equal((await post({ [CUSTOM]: { badgeNumber: 1, site: 'HQ' } })).status, 201);
      await remove('site');
    });

    it('should apply mutability: readOnly ignored in POST and refused by PATCH, immutable set once', async () => {
      await define(
        s,
        { name: 'employeeId', type: 'string', mutability: 'immutable' },
        { name: 'score', type: 'integer', mutability: 'readOnly' },
      );
      const user = await created({ [CUSTOM]: { employeeId: 'E1', score: 5 } });
      assert.deepEqual(user[CUSTOM], { employeeId: 'E1' }, 'a readOnly value from a client is ignored');
      const path = (name: string, value: unknown) =>
        s.scim('PATCH', `/Users/${user.id}`, patchOf({ op: 'replace', path: at(name), value }));
      assertScimError(await path('score', 1), 400, 'mutability', 'PATCH of a readOnly attribute');
      assertScimError(await path('employeeId', 'E2'), 400, 'mutability', 'PATCH changing an immutable value');
      const put = await s.scim('PUT', `/Users/${user.id}`, {
        schemas: [USER],
        userName: user.userName,
        [CUSTOM]: { employeeId: 'E2' },
      });
      assertScimError(put, 400, 'mutability', 'PUT changing an immutable value');
      const same = await s.scim('PUT', `/Users/${user.id}`, {
        schemas: [USER],
        userName: user.userName,
        [CUSTOM]: { employeeId: 'E1' },
      });
      assert.equal(same.status, 200, 'PUT with the same immutable value');
      const late = await created({});
      const set = await s.scim(
        'PATCH',
        `/Users/${late.id}`,
        patchOf({ op: 'add', path: at('employeeId'), value: 'E3' }),
      );
      assert.equal(set.body[CUSTOM].employeeId, 'E3', 'an immutable attribute can be set while it has no value');
      await remove('employeeId');
      await remove('score');
    });

    it('should audit every definition change with the attribute, the schema and the actor', async () => {
      const events = (
        await s.roster.audit.list({
          tenantId: s.tenantId,
          types: ['attribute.defined', 'attribute.changed', 'attribute.removed'],
          limit: 1000,
        })
      ).events;
      const defined = eventsOfType(events, 'attribute.defined').find((e) => e.details.attribute === 'badgeNumber');
      assert.equal(defined?.actor, 'admin:ann@example.com');
      assert.equal(defined?.targetType, 'attribute');
      assert.equal(defined?.details.schema, CUSTOM);
      assert.equal(defined?.details.path, at('badgeNumber'));
      assert.deepEqual(defined?.details.definition.type, 'integer');
      const changed = eventsOfType(events, 'attribute.changed').find((e) => e.details.attribute === 'ratio');
      assert.deepEqual(changed?.details.changes, { deprecated: { from: false, to: true } });
      const removed = eventsOfType(events, 'attribute.removed').map((e) => [
        e.details.attribute,
        e.details.valuesRemoved,
      ]);
      assert.deepEqual(removed.reverse(), [
        ['photo', 0],
        ['seat', 2],
        ['site', 1],
        ['employeeId', 2],
        ['score', 0],
      ]);
      const refused = events.filter((e) => e.type === 'attribute.changed' && e.details.attribute === 'floor');
      assert.equal(refused.length, 2, 'a refused change records nothing: the first change and the description');
    });

    it("should keep each tenant's custom schema to itself", async () => {
      const other = await s.roster.tenants.create(`other-${dialect}`);
      const connection = await s.roster.tokens.ensureConnection(other.id, 'okta');
      const { secret } = await s.roster.tokens.issue(other.id, connection);
      const asOther = { authorization: `Bearer ${secret}` };
      const schemas = await s.scim('GET', '/Schemas', undefined, asOther);
      assert.ok(!(schemas.body.Resources as { id: string }[]).some((r) => r.id === CUSTOM));
      const res = await s.scim(
        'POST',
        '/Users',
        { schemas: [USER, CUSTOM], userName: 'x', [CUSTOM]: { badgeNumber: 1 } },
        asOther,
      );
      assert.equal(res.status, 201, 'the URN may be named before anything is defined');
      assert.equal(res.body[CUSTOM], undefined);
      await s.roster.attributes.define(other.id, { name: 'badgeNumber', type: 'string' }, ADMIN);
      const defined = await s.scim('GET', `/Schemas/${CUSTOM}`, undefined, asOther);
      assert.deepEqual(
        (defined.body.attributes as { type: string }[]).map((a) => a.type),
        ['string'],
      );
      assert.equal((await publishedSchema(s))?.badgeNumber?.type, 'integer', 'the first tenant keeps its own');
    });

    it('should define, list, change and remove attributes from the CLI, which /Schemas follows within 2 s', async () => {
      const env = { ROSTER_DATABASE_URL: s.databaseUrl };
      const added = await cliJson(
        ['attributes', 'add', 'deskPhone', '--type', 'string', '--case-exact', '--description', 'Desk phone'],
        env,
      );
      assert.deepEqual(
        [added.name, added.type, added.caseExact, added.multiValued, added.schema, added.path],
        ['deskPhone', 'string', true, false, CUSTOM, at('deskPhone')],
      );
      const listed = await cliJson(['attributes', 'list'], env);
      assert.ok(listed.some((d: { name: string }) => d.name === 'deskPhone'));
      await eventually(async () => assert.equal((await publishedSchema(s))?.deskPhone?.description, 'Desk phone'));

      const user = await created({ [CUSTOM]: { deskPhone: '+1 555' } });
      const updated = await cliJson(
        ['attributes', 'update', 'deskphone', '--no-case-exact', '--description', 'Phone'],
        env,
      );
      assert.deepEqual([updated.caseExact, updated.description], [false, 'Phone']);
      const deprecated = await cliJson(['attributes', 'deprecate', 'deskPhone'], env);
      assert.equal(deprecated.deprecated, true);
      await eventually(async () =>
        assert.equal((await publishedSchema(s))?.deskPhone?.description, 'Deprecated. Phone'),
      );

      const [typeChange, complex, taken, unknown] = await Promise.all([
        cliFails(['attributes', 'update', 'deskPhone', '--type', 'integer'], env),
        cliFails(['attributes', 'add', 'x', '--type', 'complex'], env),
        cliFails(['attributes', 'add', 'DESKPHONE', '--type', 'string'], env),
        cliFails(['attributes', 'remove', 'nope'], env),
      ]);
      assert.match(typeChange.stderr, /Cannot change the type of "deskPhone" from string to integer: 1 user has/);
      assert.match(complex.stderr, /Unknown type "complex"/);
      assert.match(taken.stderr, /already defined/);
      assert.match(unknown.stderr, /No custom attribute "nope"/);

      const removed = await cliJson(['attributes', 'remove', 'deskPhone'], env);
      assert.equal(removed.valuesRemoved, 1);
      await eventually(async () => assert.ok(!(await publishedNames(s)).includes('deskPhone')));
      assert.equal((await s.scim('GET', `/Users/${user.id}`)).body[CUSTOM], undefined);

      const events = eventsOfType(
        (await s.roster.audit.list({ tenantId: s.tenantId, types: ['attribute.removed'] })).events,
        'attribute.removed',
      );
      const actor = (() => {
        try {
          return userInfo().username ? `cli:${userInfo().username}` : 'cli';
        } catch {
          return 'cli';
        }
      })();
      assert.equal(events[0]?.actor, actor);
      assert.equal(events[0]?.details.attribute, 'deskPhone');
    });
  });
}

describe('ROSTER_CUSTOM_SCHEMA_URN', () => {
  it('should stop start-up and every command on a value that is no usable URN, saying why', async () => {
    const run = (urn: string, args: string[]) =>
      runCli(args, { ROSTER_CUSTOM_SCHEMA_URN: urn, ROSTER_DATABASE_URL: '/nonexistent/never-opened.db' });
    const results = await Promise.all([
      run('ivanti', ['serve']),
      run('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', ['attributes', 'list']),
      run('urn:acme:has space', ['tokens', 'list']),
    ]);
    const [notUrn, standard, space] = results;
    for (const res of results) {
      assert.equal(res.code, 1, res.stdout);
      assert.match(res.stderr, /^roster: ROSTER_CUSTOM_SCHEMA_URN must /);
    }
    assert.match(
      notUrn?.stderr ?? '',
      /must be a URN such as urn:ietf:params:scim:schemas:extension:<vendor>:2\.0:User/,
    );
    assert.match(standard?.stderr ?? '', /must not be or overlap the standard schema/);
    assert.match(space?.stderr ?? '', /must be a URN/);
  });
});

for (const dialect of await dialects()) {
  describe(`a deployment's own custom schema URN (${dialect})`, () => {
    it('should serve the custom extension under ROSTER_CUSTOM_SCHEMA_URN from start-up to filter', async () => {
      const db = await freshDatabase(dialect);
      const env = { ROSTER_DATABASE_URL: db.url, ROSTER_CUSTOM_SCHEMA_URN: IVANTI };
      const server = await startServe(env);
      try {
        const [{ token }, added] = await Promise.all([
          cliJson(['tokens', 'create', '--idp', 'generic'], env),
          cliJson(['attributes', 'add', 'deviceQuota', '--type', 'integer', '--description', 'Devices allowed'], env),
        ]);
        assert.deepEqual([added.schema, added.path], [IVANTI, `${IVANTI}:deviceQuota`]);
        const scim = (method: string, path: string, body?: unknown) =>
          scimOver(server.origin, token, method, path, body);
        await eventually(async () => {
          const schema = await scim('GET', `/Schemas/${IVANTI}`);
          assert.equal(schema.status, 200, JSON.stringify(schema.body));
          assert.equal(schema.body.name, 'IvantiUser');
          assert.deepEqual(
            schema.body.attributes.map((a: { name: string }) => a.name),
            ['deviceQuota'],
          );
        });
        const types = await scim('GET', '/ResourceTypes/User');
        assert.deepEqual(
          types.body.schemaExtensions.map((e: { schema: string }) => e.schema),
          [ENTERPRISE, IVANTI],
        );
        assert.equal((await scim('GET', `/Schemas/${CUSTOM}`)).status, 404, 'the default URN is not in use');

        const created = await scim('POST', '/Users', {
          schemas: [USER, IVANTI],
          userName: 'quota.user',
          [IVANTI]: { deviceQuota: '3' },
          [CUSTOM]: { deviceQuota: 9 },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.deepEqual(created.body[IVANTI], { deviceQuota: 3 });
        assert.equal(created.body[CUSTOM], undefined, 'another URN is an unknown attribute');
        const id = created.body.id as string;
        const byPath = await scim(
          'PATCH',
          `/Users/${id}`,
          patchOf({ op: 'Replace', path: `${IVANTI}:deviceQuota`, value: '4' }),
        );
        assert.deepEqual(byPath.body[IVANTI], { deviceQuota: 4 });
        const pathless = await scim(
          'PATCH',
          `/Users/${id}`,
          patchOf({ op: 'Replace', value: { [`${IVANTI}:deviceQuota`]: '5' } }),
        );
        assert.deepEqual(pathless.body[IVANTI], { deviceQuota: 5 });
        const found = await scim(
          'GET',
          `/Users${query({ filter: `${IVANTI}:deviceQuota eq "5"`, sortBy: `${IVANTI}:deviceQuota` })}`,
        );
        assert.deepEqual(
          found.body.Resources.map((r: { id: string }) => r.id),
          [id],
        );
        const unknown = await scim('PATCH', `/Users/${id}`, patchOf({ op: 'add', path: `${IVANTI}:seats`, value: 1 }));
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.scimType, 'invalidPath');
      } finally {
        await server.stop();
        await db.drop();
      }
    });
  });
}
