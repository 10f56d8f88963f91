import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScimError, type ScimType } from '../../../src/scim/error.ts';
import { applyPatch } from '../../../src/scim/patch/index.ts';
import { groupResourceSchema, userResourceSchema } from '../../../src/scim/schema/resource-types.ts';

const rs = userResourceSchema();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A stored user (canonical form) with a work and a home email, a name and a title. */
const barbara = (): Record<string, unknown> => ({
  schemas: [USER],
  id: 'u1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  title: 'Tour Guide',
  emails: [
    { value: 'work@example.com', type: 'work', primary: true },
    { value: 'home@example.org', type: 'home' },
  ],
});

const body = (operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });
/** The user after the operations. */
const patched = (operations: unknown[], current = barbara()): Record<string, any> =>
  applyPatch(rs, current, body(operations)).resource;

/** Asserts that the operations are refused with 400 `scimType` and returns the detail. */
function refused(scimType: ScimType, operations: unknown, current = barbara(), schema = rs): string {
  const request = Array.isArray(operations) ? body(operations) : operations;
  try {
    applyPatch(schema, current, request);
  } catch (e) {
    assert.ok(e instanceof ScimError, String(e));
    assert.equal(e.status, 400);
    assert.equal(e.scimType, scimType, `${JSON.stringify(operations)}: ${e.message}`);
    return e.message;
  }
  assert.fail(`accepted, but should not: ${JSON.stringify(operations)}`);
}

describe('applyPatch', () => {
  describe('add', () => {
    it('sets attributes from a path-less value; add on a single-valued attribute replaces it', () => {
      const u = patched([{ op: 'add', value: { nickName: 'Babs', title: 'Boss' } }]);
      assert.equal(u.nickName, 'Babs');
      assert.equal(u.title, 'Boss');
      assert.equal(u.userName, 'bjensen');
      assert.equal(u.id, 'u1');
    });

    it('merges a complex value: sub-attributes not given are kept', () => {
      const u = patched([{ op: 'add', path: 'name', value: { middleName: 'Jane' } }]);
      assert.deepEqual(u.name, { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' });
    });

    it('appends to a multi-valued attribute and does not duplicate a value it holds (ignoring case)', () => {
      const u = patched([
        { op: 'add', path: 'emails', value: [{ value: 'other@example.net', type: 'other' }] },
        { op: 'add', path: 'emails', value: [{ value: 'WORK@EXAMPLE.COM', type: 'work' }] },
      ]);
      assert.deepEqual(
        u.emails.map((e: { value: string }) => e.value),
        ['work@example.com', 'home@example.org', 'other@example.net'],
      );
    });

    it('takes one object where an array is due', () => {
      const u = patched([{ op: 'add', path: 'emails', value: { value: 'one@example.net' } }]);
      assert.equal(u.emails.length, 3);
    });

    it('moves primary to an added value that claims it', () => {
      const u = patched([{ op: 'add', path: 'emails', value: [{ value: 'new@example.net', primary: true }] }]);
      const primaries = u.emails.filter((e: { primary?: boolean }) => e.primary === true);
      assert.deepEqual(
        primaries.map((e: { value: string }) => e.value),
        ['new@example.net'],
      );
    });

    it('sets a sub-attribute by its path and an extension attribute by its URN, listing the extension', () => {
      const u = patched([
        { op: 'add', path: 'name.honorificPrefix', value: 'Ms.' },
        { op: 'add', path: `${ENTERPRISE}:department`, value: 'Tours' },
      ]);
      assert.equal(u.name.honorificPrefix, 'Ms.');
      assert.equal(u.name.givenName, 'Barbara');
      assert.deepEqual(u[ENTERPRISE], { department: 'Tours' });
      assert.deepEqual(u.schemas, [USER, ENTERPRISE]);
    });

    it('adds nothing for null', () => {
      assert.deepEqual(patched([{ op: 'add', path: 'emails', value: null }]), barbara());
    });
  });

  describe('replace', () => {
    it('replaces one sub-attribute by path and keeps its siblings', () => {
      assert.deepEqual(patched([{ op: 'replace', path: 'name.givenName', value: 'Babs' }]).name, {
        givenName: 'Babs',
        familyName: 'Jensen',
      });
    });

    it('replaces a multi-valued attribute as a whole when the path has no filter', () => {
      const u = patched([{ op: 'replace', path: 'emails', value: [{ value: 'only@example.com', type: 'work' }] }]);
      assert.deepEqual(u.emails, [{ value: 'only@example.com', type: 'work' }]);
    });

    it('replaces only the elements a value filter selects, matching caseExact-false values in any case', () => {
      const u = patched([{ op: 'replace', path: 'EMAILS[TYPE eq "WORK"].VALUE', value: 'changed@example.com' }]);
      assert.deepEqual(u.emails, [
        { value: 'changed@example.com', type: 'work', primary: true },
        { value: 'home@example.org', type: 'home' },
      ]);
    });

    it('merges a complex value: a sub-attribute given null goes', () => {
      const u = patched([{ op: 'replace', path: 'name', value: { givenName: null, middleName: 'J' } }]);
      assert.deepEqual(u.name, { familyName: 'Jensen', middleName: 'J' });
    });

    it('removes an attribute replaced with null', () => {
      assert.equal(patched([{ op: 'replace', path: 'title', value: null }]).title, undefined);
    });

    it('replaces path-less values attribute by attribute, ignoring and reporting unknown keys', () => {
      const result = applyPatch(
        rs,
        barbara(),
        body([{ op: 'replace', value: { displayName: 'Babs J', favouriteColour: 'blue', 'name.nickname': 'x' } }]),
      );
      assert.equal(result.resource.displayName, 'Babs J');
      assert.equal(result.resource.favouriteColour, undefined);
      assert.deepEqual(result.resource.name, barbara().name);
      assert.deepEqual(result.ignored, ['favouriteColour', 'name.nickname']);
    });
  });

  describe("identity providers' dialects", () => {
    it('takes op names in any case and "True"/"False" strings for booleans (Entra)', () => {
      const u = patched([
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'ADD', path: 'emails[type eq "work"].primary', value: 'True' },
      ]);
      assert.equal(u.active, false);
      assert.equal(u.emails[0].primary, true);
    });

    it('takes the members of the PATCH body and of each operation in any case', () => {
      const u = applyPatch(rs, barbara(), {
        SCHEMAS: [PATCH_OP.toUpperCase()],
        operations: [{ OP: 'replace', Path: 'title', VALUE: 'Boss' }],
      }).resource;
      assert.equal(u.title, 'Boss');
    });

    it('takes dotted and extension-URN keys in a path-less value (Entra)', () => {
      const u = patched([
        {
          op: 'replace',
          value: {
            'name.givenName': 'Babs',
            [`${ENTERPRISE}:department`]: 'Tours',
            [`${ENTERPRISE}:manager`]: 'boss-id',
          },
        },
      ]);
      assert.equal(u.name.givenName, 'Babs');
      assert.deepEqual(u[ENTERPRISE], { department: 'Tours', manager: { value: 'boss-id' } });
    });

    it('takes a one-element array for a single-valued path (Keycloak)', () => {
      const u = patched([
        { op: 'replace', path: 'active', value: ['false'] },
        { op: 'replace', path: 'name.givenName', value: ['Barb'] },
        { op: 'replace', path: `${ENTERPRISE}:employeeNumber`, value: ['1002'] },
      ]);
      assert.equal(u.active, false);
      assert.equal(u.name.givenName, 'Barb');
      assert.equal(u[ENTERPRISE].employeeNumber, '1002');
    });

    it("accepts the id the resource already has (Okta's group rename sends it)", () => {
      assert.equal(patched([{ op: 'replace', value: { id: 'u1', title: 'Same id' } }]).title, 'Same id');
      const group = { schemas: [GROUP], id: 'g1', displayName: 'Old' };
      const result = applyPatch(groupResourceSchema, group, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { id: 'g1', displayName: 'New' } }],
      });
      assert.equal(result.resource.displayName, 'New');
    });

    it('turns member operations into row changes: value arrays and filters (Entra, Okta)', () => {
      const group = { schemas: [GROUP], id: 'g1', displayName: 'G' };
      const ops = (operations: unknown[]) => applyPatch(groupResourceSchema, group, body(operations)).memberOps;
      assert.deepEqual(ops([{ op: 'Add', path: 'members', value: [{ value: 'a' }, { value: 'b', type: 'Group' }] }]), [
        { kind: 'add', members: [{ value: 'a' }, { value: 'b', type: 'Group' }] },
      ]);
      assert.deepEqual(ops([{ op: 'Remove', path: 'members', value: [{ value: 'a' }] }]), [
        { kind: 'remove', values: ['a'] },
      ]);
      assert.deepEqual(ops([{ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }]), [
        { kind: 'remove', values: ['a', 'b'] },
      ]);
      assert.equal(ops([{ op: 'remove', path: 'members[type eq "Group"]' }])[0]?.kind, 'removeWhere');
      assert.deepEqual(ops([{ op: 'remove', path: 'members' }]), [{ kind: 'removeAll' }]);
      assert.deepEqual(ops([{ op: 'replace', value: { members: [{ value: 'c' }] } }]), [
        { kind: 'replace', members: [{ value: 'c' }] },
      ]);
    });
  });

  describe('remove', () => {
    it('removes an attribute, a sub-attribute, filtered elements, all elements, an extension', () => {
      assert.equal(patched([{ op: 'remove', path: 'title' }]).title, undefined);
      assert.deepEqual(patched([{ op: 'remove', path: 'name.givenName' }]).name, { familyName: 'Jensen' });
      assert.deepEqual(patched([{ op: 'remove', path: 'emails[type eq "home"]' }]).emails, [
        { value: 'work@example.com', type: 'work', primary: true },
      ]);
      assert.equal(patched([{ op: 'remove', path: 'emails' }]).emails, undefined);
      const withExtension = { ...barbara(), schemas: [USER, ENTERPRISE], [ENTERPRISE]: { department: 'Sales' } };
      const u = patched([{ op: 'remove', path: ENTERPRISE }], withExtension);
      assert.equal(u[ENTERPRISE], undefined);
      assert.deepEqual(u.schemas, [USER]);
    });

    it('refuses a remove without a path (noTarget) and of a required attribute (mutability)', () => {
      refused('noTarget', [{ op: 'remove' }]);
      refused('noTarget', [{ op: 'remove', value: { title: 'x' } }]);
      assert.match(refused('mutability', [{ op: 'remove', path: 'userName' }]), /userName/);
    });
  });

  describe('order and atomicity', () => {
    it('applies operations in order: a later one sees an earlier one', () => {
      const u = patched([
        { op: 'remove', path: 'userName' },
        { op: 'add', path: 'userName', value: 'reborn' },
        { op: 'add', path: 'emails[type eq "other"].value', value: 'other@example.com' },
        { op: 'replace', path: 'emails[type eq "other"].display', value: 'Other' },
      ]);
      assert.equal(u.userName, 'reborn');
      assert.deepEqual(u.emails[2], { value: 'other@example.com', type: 'other', display: 'Other' });
    });

    it('names the failing operation and leaves the input untouched', () => {
      const current = barbara();
      const detail = refused(
        'invalidValue',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'remove', path: 'name.givenName' },
          { op: 'replace', path: 'active', value: 'perhaps' },
        ],
        current,
      );
      assert.match(detail, /^Operations\[2\]: /);
      assert.deepEqual(current, barbara());
    });

    it('returns an equal resource when nothing changes', () => {
      const u = patched([
        { op: 'add', path: 'emails', value: [{ value: 'work@example.com', type: 'work' }] },
        { op: 'replace', path: 'title', value: 'Tour Guide' },
        { op: 'replace', value: { name: { givenName: 'Barbara' } } },
        { op: 'remove', path: 'nickName' },
      ]);
      assert.deepEqual(u, barbara());
    });
  });

  // The lists below moved from test/http/scim/patch.test.ts, which keeps one of each kind.
  describe('refusals', () => {
    it('refuses to change id, meta or groups: mutability', () => {
      const cases: unknown[][] = [
        [{ op: 'replace', path: 'id', value: 'another-id' }],
        [{ op: 'replace', value: { id: 'another-id' } }],
        [{ op: 'remove', path: 'id' }],
        [{ op: 'replace', path: 'meta', value: { resourceType: 'Group' } }],
        [{ op: 'replace', path: 'meta.created', value: '2001-01-01T00:00:00Z' }],
        [{ op: 'add', path: 'groups', value: [{ value: 'u1' }] }],
        [{ op: 'replace', path: 'groups', value: [] }],
      ];
      for (const operations of cases) refused('mutability', operations);
    });

    it('refuses an unknown attribute path, naming it: invalidPath', () => {
      const paths = [
        'favouriteColour',
        'name.nickname',
        `${ENTERPRISE}:shoeSize`,
        'urn:example:unknown:1.0:User:x',
        'members',
      ];
      for (const path of paths) refused('invalidPath', [{ op: 'replace', path, value: 'x' }]);
      assert.match(refused('invalidPath', [{ op: 'add', path: 'favouriteColour', value: 'x' }]), /favouriteColour/);
    });

    it('refuses a malformed path: invalidPath', () => {
      const paths: unknown[] = [
        '',
        '   ',
        'emails[type eq "work"',
        'emails]',
        'emails[type eq]',
        'emails[type eq "work"]value',
        'emails[]',
        'title[value eq "x"]',
        'name..givenName',
        'emails[type eq "work"].value.more',
        '$%&',
        42,
      ];
      for (const path of paths) refused('invalidPath', [{ op: 'replace', path, value: 'x' }]);
    });

    it('refuses an unknown or missing op: invalidSyntax', () => {
      for (const op of ['copy', 'move', '', 7, null, undefined]) {
        refused('invalidSyntax', [{ op, path: 'title', value: 'x' }]);
      }
    });

    it('refuses a body that is no PatchOp message: invalidSyntax', () => {
      const ops = [{ op: 'replace', path: 'title', value: 'x' }];
      const bodies: unknown[] = [
        { Operations: ops },
        { schemas: [USER], Operations: ops },
        { schemas: PATCH_OP, Operations: ops },
        { schemas: [PATCH_OP] },
        { schemas: [PATCH_OP], Operations: [] },
        { schemas: [PATCH_OP], Operations: { op: 'replace' } },
        { schemas: [PATCH_OP], Operations: ['replace'] },
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title' }] },
        { schemas: [PATCH_OP], Operations: ops, operations: ops },
        [ops],
        null,
        'null',
      ];
      for (const b of bodies) refused('invalidSyntax', b);
    });

    it('refuses a value of the wrong type: invalidValue', () => {
      const cases: unknown[] = [
        { op: 'replace', path: 'active', value: 'maybe' },
        { op: 'replace', path: 'title', value: { text: 'x' } },
        { op: 'replace', path: 'name', value: 'Barbara Jensen' },
        { op: 'replace', path: 'name.givenName', value: ['a', 'b'] },
        { op: 'add', path: 'emails', value: 'not-an-object' },
        { op: 'replace', path: 'emails[type eq "work"].primary', value: 'often' },
        { op: 'replace', value: { active: 12 } },
        { op: 'replace', value: 'active' },
        { op: 'replace', path: 'userName', value: '   ' },
        { op: 'replace', path: ENTERPRISE, value: 'Sales' },
        { op: 'replace', path: 'title', value: 'a\u0000b' },
        { op: 'replace', value: { 'name.givenName': '\u0000' } },
      ];
      for (const operation of cases) refused('invalidValue', [operation]);
    });

    it('refuses changes to member sub-attributes and malformed members', () => {
      const group = { schemas: [GROUP], id: 'g1', displayName: 'G' };
      const g = (scimType: ScimType, op: unknown) => refused(scimType, body([op]), group, groupResourceSchema);
      g('mutability', { op: 'replace', path: 'members[value eq "a"].display', value: 'x' });
      g('invalidValue', { op: 'add', path: 'members', value: [{ display: 'x' }] });
      g('invalidValue', { op: 'add', path: 'members', value: [{ value: 'a', type: ['User'] }] });
      g('invalidValue', { op: 'add', path: 'members', value: [{ value: 'x\u0000' }] });
      g('mutability', { op: 'remove', path: 'displayName' });
      g('mutability', { op: 'replace', value: { id: 'g2', displayName: 'G' } });
    });

    it('answers odd operations with a result or a 400, and pollutes no prototype', () => {
      const odd: unknown[] = [
        { op: 'add', path: 'emails[type eq "work"]', value: [{ value: 'a@b.c' }, { value: 'd@e.f' }] },
        { op: 'replace', path: 'emails[value pr].type', value: 'x' },
        { op: 'remove', path: 'emails[type eq "nope"]' },
        { op: 'replace', path: 'emails[not (type eq "work")].display', value: 'x' },
        { op: 'add', value: JSON.parse('{"__proto__": {"admin": true}, "constructor": 1, "toString": "x"}') },
        { op: 'add', path: '__proto__', value: { admin: true } },
        { op: 'add', path: 'name.__proto__', value: 'x' },
        { op: 'add', path: 'name', value: JSON.parse('{"__proto__": {"givenName": "p"}}') },
        { op: 'add', value: { 'emails[type eq "x"].value': 'x@example.com' } },
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', value: 'Core' },
        { op: 'replace', path: 'x509Certificates', value: [{ value: 'not base64!' }] },
        { op: 'replace', path: 'emails[type eq "work" and value co "@"].value', value: 'y@example.com' },
        { op: 'replace', value: {} },
      ];
      for (const operation of odd) {
        try {
          const u = patched([operation]);
          assert.equal(u.admin, undefined);
        } catch (e) {
          assert.ok(e instanceof ScimError && e.status === 400, `${JSON.stringify(operation)}: ${String(e)}`);
        }
      }
      assert.equal(({} as Record<string, unknown>)['admin'], undefined, 'no prototype was polluted');
    });
  });
});
