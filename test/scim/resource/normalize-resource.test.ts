import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScimError } from '../../../src/scim/error.ts';
import { normalizeResource, parseAttributeList, projectResource } from '../../../src/scim/resource/index.ts';
import { userResourceSchema } from '../../../src/scim/schema/resource-types.ts';

const rs = userResourceSchema();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const normalize = (body: unknown) => normalizeResource(rs, body, 'create');
const refusal = (body: unknown): ScimError => {
  try {
    normalize(body);
  } catch (e) {
    assert.ok(e instanceof ScimError);
    assert.equal(e.status, 400);
    return e;
  }
  assert.fail(`accepted: ${JSON.stringify(body)}`);
};

describe('normalizeResource', () => {
  it('puts names in canonical case and coerces "True"/"False" to booleans', () => {
    const { resource, ignored } = normalize({ USERNAME: 'bjensen', Active: 'False', NAME: { GivenName: 'B' } });
    assert.deepEqual(resource, { schemas: [USER], userName: 'bjensen', active: false, name: { givenName: 'B' } });
    assert.deepEqual(ignored, []);
  });

  it('drops readOnly attributes silently and unknown ones into ignored', () => {
    const { resource, ignored } = normalize({
      userName: 'b',
      id: 'chosen-by-client',
      meta: { created: '2000-01-01T00:00:00Z' },
      groups: [{ value: 'g' }],
      shoeSize: 42,
      name: { nickname: 'x' },
      [`${ENTERPRISE}:shoeSize`]: 1,
    });
    assert.deepEqual(resource, { schemas: [USER], userName: 'b' });
    assert.deepEqual([...ignored].sort(), ['name.nickname', 'shoeSize', `${ENTERPRISE}:shoeSize`].sort());
  });

  it('takes extension attributes nested under the URN or flat with a URN prefix, and lists the extension', () => {
    const nested = normalize({
      userName: 'b',
      [ENTERPRISE]: { Department: 'Sales', manager: { value: 'm' } },
    }).resource;
    const flat = normalize({
      userName: 'b',
      [`${ENTERPRISE}:department`]: 'Sales',
      [`${ENTERPRISE}:manager`]: { value: 'm' },
    }).resource;
    const want = {
      schemas: [USER, ENTERPRISE],
      userName: 'b',
      [ENTERPRISE]: { department: 'Sales', manager: { value: 'm' } },
    };
    assert.deepEqual(nested, want);
    assert.deepEqual(flat, want);
  });

  it('keeps the password for the caller to hash', () => {
    assert.equal(normalize({ userName: 'b', password: 'Secret-1' }).resource.password, 'Secret-1');
  });

  it('refuses a missing or blank required attribute, naming it: invalidValue', () => {
    for (const body of [{}, { userName: '' }, { userName: '   ' }, { userName: null }]) {
      const e = refusal(body);
      assert.equal(e.scimType, 'invalidValue', JSON.stringify(body));
      assert.match(e.message, /"userName" is required to create a User/);
    }
  });

  it('refuses an attribute given twice in different cases: invalidSyntax', () => {
    const e = refusal({ userName: 'a', USERNAME: 'b' });
    assert.equal(e.scimType, 'invalidSyntax');
    const ext = refusal({ userName: 'a', [ENTERPRISE]: { department: 'x' }, [`${ENTERPRISE}:department`]: 'y' });
    assert.equal(ext.scimType, 'invalidSyntax');
  });

  it('refuses values of the wrong type and a body that is no object', () => {
    for (const body of [
      { userName: 'b', active: 'maybe' },
      { userName: 'b', name: 'Barbara' },
      { userName: 'b', title: 'a\u0000b' },
      { userName: 'b', emails: 'b@example.com' },
      { userName: 'b', [ENTERPRISE]: 'Sales' },
    ]) {
      assert.equal(refusal(body).scimType, 'invalidValue', JSON.stringify(body));
    }
    for (const body of [null, [], 'x', 1]) assert.equal(refusal(body).scimType, 'invalidSyntax');
  });
});

describe('projectResource', () => {
  const user = {
    schemas: [USER, ENTERPRISE],
    id: 'u1',
    userName: 'b',
    password: 'never shown',
    name: { givenName: 'B', familyName: 'J' },
    emails: [
      { value: 'a@x', type: 'work' },
      { value: 'b@x', type: 'home' },
    ],
    [ENTERPRISE]: { department: 'Sales' },
  };

  it('keeps id and schemas always, and only what attributes names, sub-attributes in each element', () => {
    assert.deepEqual(projectResource(rs, user, parseAttributeList('NAME.givenName, emails.type'), undefined), {
      schemas: [USER],
      id: 'u1',
      name: { givenName: 'B' },
      emails: [{ type: 'work' }, { type: 'home' }],
    });
  });

  it('drops what excludedAttributes names, but never id, and never returns the password', () => {
    const projected = projectResource(rs, user, undefined, ['id', ENTERPRISE, 'emails']);
    assert.deepEqual(projected, {
      schemas: [USER],
      id: 'u1',
      userName: 'b',
      name: { givenName: 'B', familyName: 'J' },
    });
  });

  it('splits an attribute list on commas outside brackets and skips empty entries', () => {
    assert.deepEqual(parseAttributeList(' userName , ,emails[value co ","].type'), [
      'userName',
      'emails[value co ","].type',
    ]);
    assert.equal(parseAttributeList(''), undefined);
  });
});
