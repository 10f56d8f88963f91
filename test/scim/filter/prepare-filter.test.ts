import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScimError } from '../../../src/scim/error.ts';
import { prepareFilter } from '../../../src/scim/filter/index.ts';
import { groupResourceSchema, userResourceSchema } from '../../../src/scim/schema/resource-types.ts';

const rs = userResourceSchema();
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('prepareFilter', () => {
  it('puts paths in canonical case and drops the core URN', () => {
    assert.deepEqual(prepareFilter('NAME.FAMILYNAME eq "x"', rs), {
      kind: 'compare',
      path: { attr: 'name', sub: 'familyName' },
      op: 'eq',
      value: 'x',
    });
    assert.deepEqual(prepareFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName pr', rs), {
      kind: 'present',
      path: { attr: 'userName' },
    });
    assert.deepEqual(prepareFilter(`${ENTERPRISE.toUpperCase()}:Department pr`, rs), {
      kind: 'present',
      path: { uri: ENTERPRISE, attr: 'department' },
    });
  });

  it('compares a complex attribute through its value, as RFC 7644 examples do', () => {
    assert.deepEqual(prepareFilter('emails co "@x"', rs), {
      kind: 'compare',
      path: { attr: 'emails', sub: 'value' },
      op: 'co',
      value: '@x',
    });
  });

  it('turns eq null into not pr and ne null into pr', () => {
    assert.deepEqual(prepareFilter('title eq null', rs), {
      kind: 'not',
      filter: { kind: 'present', path: { attr: 'title' } },
    });
    assert.deepEqual(prepareFilter('title ne NULL', rs), { kind: 'present', path: { attr: 'title' } });
  });

  it('coerces booleans from "True"/"false" strings and dateTimes to UTC instants', () => {
    const value = (text: string) => {
      const f = prepareFilter(text, rs);
      assert.equal(f.kind, 'compare', text);
      return f.value;
    };
    assert.equal(value('active eq "True"'), true);
    assert.equal(value('active eq "false"'), false);
    assert.equal(value('active eq TRUE'), true);
    assert.equal(value('meta.lastModified gt "2011-05-13T04:42:34+02:00"'), '2011-05-13T02:42:34.000Z');
    assert.equal(value('meta.created ge "2011-05-13T04:42:34-05:30"'), '2011-05-13T10:12:34.000Z');
    assert.equal(value('meta.created gt "2000-01-01"'), '2000-01-01T00:00:00.000Z');
  });

  it('checks bracket filters against the sub-attributes of the multi-valued attribute', () => {
    assert.deepEqual(prepareFilter('EMAILS[TYPE eq "work" and primary eq "true"]', rs), {
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
        right: { kind: 'compare', path: { attr: 'primary' }, op: 'eq', value: true },
      },
    });
  });

  // Moved from test/http/scim/filters.test.ts, which keeps a few through HTTP, and the NUL
  // character, which the SQL compiler refuses (src/store/sql-field.ts), not the parser.
  it('refuses malformed and meaningless filters with 400 invalidFilter', () => {
    const bad = [
      '(userName eq "a"',
      'userName eq "a")',
      '((userName eq "a") or (title pr)',
      'userName eq "a" and',
      'userName foo "a"',
      'userName === "a"',
      'unknownAttr eq "a"',
      'name.unknown eq "x"',
      'userName.sub eq "x"',
      'urn:example:unknown:2.0:User:x eq "y"',
      'john',
      'active gt true',
      'active co "t"',
      'active eq "maybe"',
      'meta.created gt "yesterday"',
      'meta.created co "2020"',
      'userName eq "unterminated',
      "userName eq 'single'",
      'userName eq',
      'not userName eq "a"',
      'and',
      '()',
      'userName pr pr',
      'emails[type eq "work"',
      'emails[type eq "work"]]',
      'emails[value[type eq "x"]]',
      'emails[type eq "work"].value eq "x"',
      'emails[unknown eq "x"]',
      'userName[value eq "x"]',
      'name eq "x"',
      'password eq "x"',
      'title gt null',
      'userName eq "bad \\q escape"',
      '"userName" eq "x"',
      `userName eq "${'x'.repeat(5000)}"`,
      `${'('.repeat(40)}userName pr${')'.repeat(40)}`,
      'userName eq "a" or '.repeat(300) + 'userName pr',
    ];
    for (const filter of bad) {
      assert.throws(
        () => prepareFilter(filter, rs),
        (e) => e instanceof ScimError && e.status === 400 && e.scimType === 'invalidFilter',
        filter.slice(0, 80),
      );
    }
    for (const filter of ['members[display eq "x"', 'displayName gt', 'userName eq "x"']) {
      assert.throws(() => prepareFilter(filter, groupResourceSchema), { scimType: 'invalidFilter' }, filter);
    }
  });

  it('names the offending attribute, operator or value', () => {
    assert.throws(() => prepareFilter('unknownAttr eq "a"', rs), /Unknown attribute "unknownAttr"/);
    assert.throws(() => prepareFilter('active gt true', rs), /"gt" cannot be used with boolean attribute "active"/);
    assert.throws(() => prepareFilter('title gt null', rs), /null can only be compared with "eq" or "ne", not "gt"/);
    assert.throws(
      () => prepareFilter('meta.created gt "yesterday"', rs),
      /"meta.created" is compared with "yesterday"/,
    );
  });
});
