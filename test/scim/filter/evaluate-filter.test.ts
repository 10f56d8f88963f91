import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesFilter, prepareFilter } from '../../../src/scim/filter/index.ts';
import { userResourceSchema } from '../../../src/scim/schema/resource-types.ts';

const rs = userResourceSchema();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// Canonical documents, as the store keeps them.
const PEOPLE: Readonly<Record<string, Record<string, unknown>>> = {
  alice: {
    schemas: [USER, ENTERPRISE],
    id: 'id-Alice',
    externalId: 'EXT-1',
    userName: 'Alice.Smith@Example.com',
    name: { givenName: 'Alice', familyName: 'Smith' },
    title: 'Engineer',
    active: true,
    emails: [
      { value: 'alice@example.com', type: 'work', primary: true },
      { value: 'alice@mail.org', type: 'home' },
    ],
    [ENTERPRISE]: { department: 'Sales', manager: { value: 'mgr-1' } },
    meta: { created: '2024-01-02T03:04:05.000Z', lastModified: '2024-02-01T00:00:00.000Z' },
  },
  bob: {
    schemas: [USER],
    id: 'id-bob',
    userName: 'bob',
    active: false,
    emails: [{ value: 'bob@other.net', type: 'home' }],
    meta: { created: '2024-01-03T00:00:00.000Z', lastModified: '2024-01-03T00:00:00.000Z' },
  },
  // Work address not at example.com beside a home one that is: value paths must not mix elements.
  eve: {
    schemas: [USER],
    id: 'id-eve',
    userName: 'ÉVE',
    displayName: '',
    active: true,
    emails: [
      { value: 'eve@other.net', type: 'work' },
      { value: 'eve@example.com', type: 'home' },
    ],
    meta: { created: '2024-01-04T00:00:00.000Z', lastModified: '2024-03-01T12:00:00.000Z' },
  },
};

/** The names of the people the filter matches, in PEOPLE's order. */
const who = (filter: string): string[] => {
  const prepared = prepareFilter(filter, rs);
  return Object.entries(PEOPLE)
    .filter(([, doc]) => matchesFilter(prepared, rs, doc))
    .map(([name]) => name);
};

describe('matchesFilter', () => {
  it('compares caseExact-false strings ignoring case, with every operator', () => {
    assert.deepEqual(who('userName eq "alice.smith@example.COM"'), ['alice']);
    assert.deepEqual(who('userName ne "BOB"'), ['alice', 'eve']);
    assert.deepEqual(who('userName co "SMITH"'), ['alice']);
    assert.deepEqual(who('userName sw "B"'), ['bob']);
    assert.deepEqual(who('userName ew ".com"'), ['alice']);
    assert.deepEqual(who('userName gt "b"'), ['bob', 'eve']);
    assert.deepEqual(who('userName ge "bob"'), ['bob', 'eve']);
    assert.deepEqual(who('userName lt "bob"'), ['alice']);
    assert.deepEqual(who('userName le "BOB"'), ['alice', 'bob']);
    assert.deepEqual(who('userName eq "éve"'), ['eve']);
  });

  it('compares caseExact strings (id, externalId) exactly', () => {
    assert.deepEqual(who('id eq "id-alice"'), []);
    assert.deepEqual(who('id eq "id-Alice"'), ['alice']);
    assert.deepEqual(who('externalId eq "ext-1"'), []);
    assert.deepEqual(who('externalId sw "EXT"'), ['alice']);
  });

  it('treats ne and not as plain negations: a missing attribute matches them', () => {
    assert.deepEqual(who('title ne "Engineer"'), ['bob', 'eve']);
    assert.deepEqual(who('not (title eq "engineer")'), ['bob', 'eve']);
    assert.deepEqual(who('title gt "A"'), ['alice']);
    assert.deepEqual(who('not (title gt "A")'), ['bob', 'eve']);
  });

  it('finds pr false for absent and empty values, and eq null the opposite of pr', () => {
    assert.deepEqual(who('displayName pr'), []);
    assert.deepEqual(who('displayName eq null'), ['alice', 'bob', 'eve']);
    assert.deepEqual(who('title pr'), ['alice']);
    assert.deepEqual(who('title ne null'), ['alice']);
    assert.deepEqual(who('name pr'), ['alice']);
    assert.deepEqual(who(`${ENTERPRISE}:department pr`), ['alice']);
    assert.deepEqual(who(`${ENTERPRISE}:manager.value eq "mgr-1"`), ['alice']);
  });

  it('compares booleans by equality and dateTimes as instants', () => {
    assert.deepEqual(who('active eq true'), ['alice', 'eve']);
    assert.deepEqual(who('active eq "False"'), ['bob']);
    assert.deepEqual(who('active ne true'), ['bob']);
    assert.deepEqual(who('meta.created gt "2024-01-03T02:00:00+02:00"'), ['eve']);
    assert.deepEqual(who('meta.created ge "2024-01-03T00:00:00Z"'), ['bob', 'eve']);
    assert.deepEqual(who('meta.lastModified lt "2024-02-01T01:00:00+01:00"'), ['bob']);
    assert.deepEqual(who('meta.lastModified le "2024-02-01T01:00:00+01:00"'), ['alice', 'bob']);
    assert.deepEqual(who('meta.created eq "2024-01-02T04:04:05+01:00"'), ['alice']);
  });

  it('matches a multi-valued attribute when any element does, and a value path on one element', () => {
    assert.deepEqual(who('emails.type eq "work" and emails.value ew "example.com"'), ['alice', 'eve']);
    assert.deepEqual(who('emails[type eq "work" and value ew "example.com"]'), ['alice']);
    assert.deepEqual(who('emails[not (type eq "work")]'), ['alice', 'bob', 'eve']);
    assert.deepEqual(who('not (emails[type eq "work"])'), ['bob']);
    assert.deepEqual(who('emails co "OTHER"'), ['bob', 'eve']);
    assert.deepEqual(who('emails.primary eq true'), ['alice']);
    assert.deepEqual(who('emails.value ne "bob@other.net"'), ['alice', 'eve']);
  });

  it('combines with and, or, not; and binds tighter than or', () => {
    assert.deepEqual(who('userName sw "a" or userName sw "e" and active eq false'), ['alice']);
    assert.deepEqual(who('(userName sw "a" or userName sw "é") and active eq true'), ['alice', 'eve']);
    assert.deepEqual(who('not (not (active eq false))'), ['bob']);
  });

  it('matches schemas by the extensions present when the document does not list them', () => {
    assert.deepEqual(who(`schemas eq "${ENTERPRISE}"`), ['alice']);
    const doc = { userName: 'x', [ENTERPRISE]: { department: 'Sales' } };
    assert.equal(matchesFilter(prepareFilter(`schemas eq "${ENTERPRISE}"`, rs), rs, doc), true);
  });

  it('never throws on stored values of the wrong type: they match leniently or not at all', () => {
    const odd = { userName: 42, active: 'TRUE', emails: 'not-an-array', meta: { created: 'soon' } };
    assert.equal(matchesFilter(prepareFilter('userName eq "42"', rs), rs, odd), true);
    assert.equal(matchesFilter(prepareFilter('active eq true', rs), rs, odd), true);
    assert.equal(matchesFilter(prepareFilter('emails[type eq "work"]', rs), rs, odd), false);
    assert.equal(matchesFilter(prepareFilter('meta.created gt "2000-01-01"', rs), rs, odd), false);
  });
});
