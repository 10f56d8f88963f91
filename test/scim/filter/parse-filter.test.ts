import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScimError } from '../../../src/scim/error.ts';
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from '../../../src/scim/filter/index.ts';
import { userResourceSchema } from '../../../src/scim/schema/resource-types.ts';

const rs = userResourceSchema();

/** The ScimError `parseFilter` throws for `text`; fails when it parses. */
function parseError(text: string): ScimError {
  try {
    parseFilter(text, rs);
  } catch (e) {
    assert.ok(e instanceof ScimError, `${text}: ${String(e)}`);
    assert.equal(e.status, 400, text);
    assert.equal(e.scimType, 'invalidFilter', text);
    return e;
  }
  assert.fail(`parsed, but should not: ${text}`);
}

describe('parseFilter', () => {
  it('parses a comparison into a compare node, operators in any case', () => {
    assert.deepEqual(parseFilter('userName EQ "bjensen"', rs), {
      kind: 'compare',
      path: { attr: 'userName' },
      op: 'eq',
      value: 'bjensen',
    });
    assert.deepEqual(parseFilter('title pR', rs), { kind: 'present', path: { attr: 'title' } });
  });

  it('reads JSON strings, numbers, true, false and null in any case', () => {
    const value = (text: string) => {
      const f = parseFilter(`x eq ${text}`, rs);
      assert.equal(f.kind, 'compare');
      return f.value;
    };
    assert.equal(value('"a\\"b\\u00e9\\n"'), 'a"bé\n');
    assert.equal(value('-12.5e1'), -125);
    assert.equal(value('TRUE'), true);
    assert.equal(value('False'), false);
    assert.equal(value('nUlL'), null);
  });

  it('binds and tighter than or, and both to the left', () => {
    const a = { kind: 'present', path: { attr: 'a' } } as const;
    const b = { kind: 'present', path: { attr: 'b' } } as const;
    const c = { kind: 'present', path: { attr: 'c' } } as const;
    assert.deepEqual(parseFilter('a pr or b pr and c pr', rs), {
      kind: 'or',
      left: a,
      right: { kind: 'and', left: b, right: c },
    });
    assert.deepEqual(parseFilter('a pr and b pr or c pr', rs), {
      kind: 'or',
      left: { kind: 'and', left: a, right: b },
      right: c,
    });
    assert.deepEqual(parseFilter('(a pr or b pr) and c pr', rs), {
      kind: 'and',
      left: { kind: 'or', left: a, right: b },
      right: c,
    });
    assert.deepEqual(parseFilter('a pr or b pr or c pr', rs), {
      kind: 'or',
      left: { kind: 'or', left: a, right: b },
      right: c,
    });
    assert.deepEqual(parseFilter('NOT (a pr) AnD b pr', rs), {
      kind: 'and',
      left: { kind: 'not', filter: a },
      right: b,
    });
  });

  it('splits sub-attributes, value paths and URN prefixes, URNs matched against the schema', () => {
    assert.deepEqual(parseFilter('emails[type eq "work"]', rs), {
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
    });
    assert.deepEqual(parseFilter('name.familyName pr', rs), {
      kind: 'present',
      path: { attr: 'name', sub: 'familyName' },
    });
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    assert.deepEqual(parseFilter(`${enterprise.toUpperCase()}:manager.value pr`, rs), {
      kind: 'present',
      path: { uri: enterprise, attr: 'manager', sub: 'value' },
    });
  });

  it('accepts tabs, line breaks and runs of blanks between tokens', () => {
    assert.deepEqual(parseFilter(' \tuserName\n\neq   "x"\r\n', rs), parseFilter('userName eq "x"', rs));
  });

  it('says what it expected and where (1-based positions)', () => {
    const cases: readonly (readonly [string, RegExp])[] = [
      ['(userName eq "a"', /Expected "\)" to close "\(" at position 1, found end of filter at position 17/],
      ['userName eq "a")', /Unexpected "\)" at position 16/],
      ['emails[type eq "work"]]', /Unexpected "\]" at position 23/],
      ['emails[type eq "work"', /Expected "\]" to close "\[" at position 7, found end of filter at position 22/],
      ['userName foo "a"', /comparison operator or "pr" after "userName" at position 10, found "foo"/],
      ['userName === "a"', /Unexpected character "=" at position 10/],
      ['userName eq', /Expected a value .* after "eq" at position 12, found end of filter/],
      ['not userName eq "a"', /Expected "\(" after "not" at position 5, found "userName"/],
      ['userName eq "a" xor title pr', /Expected "and" or "or" at position 17, found "xor"/],
      ['userName eq "a" and', /Expected an attribute path, "\(" or "not" at position 20, found end of filter/],
      ['and', /Expected an attribute path, "\(" or "not" at position 1, found "and"/],
      ['()', /Expected an attribute path, "\(" or "not" at position 2, found "\)"/],
      ['userName pr pr', /Expected "and" or "or" at position 13, found "pr"/],
      ['userName eq "unterminated', /Unterminated string starting at position 13/],
      ["userName eq 'single'", /Unexpected character "'" at position 13 \(strings take double quotes\)/],
      ['userName eq "bad \\q escape"', /Invalid escape sequence \\q in string at position 18/],
      ['userName eq "tab\there"', /Unescaped control character in string at position 17/],
      [
        'emails[type eq "work"].value eq "x"',
        /Unexpected character "\." at position 23 \(a sub-attribute after brackets/,
      ],
      ['emails[value[type eq "x"]]', /Unexpected "\[" at position 13: brackets cannot nest/],
      ['12abc eq 1', /Invalid number "12abc" at position 1/],
      ['x eq 1e999', /Number "1e999" at position 6 is out of range/],
      ['userName\u00a0eq "x"', /Unexpected character "\u00a0" \(U\+00A0\) at position 9/],
      ['"userName" eq "x"', /Expected an attribute path, "\(" or "not" at position 1, found "userName"/],
      ['name..givenName pr', /Invalid attribute path "name..givenName" at position 1/],
      ['userName.sub.more pr', /Invalid attribute path/],
    ];
    for (const [text, detail] of cases) assert.match(parseError(text).message, detail, text);
  });

  it('cuts what it quotes from a long input', () => {
    const e = parseError(`userName eq "a" ${'x'.repeat(500)}`);
    assert.ok(e.message.length < 200, e.message);
    assert.match(e.message, /x\.\.\."/);
  });

  it('refuses empty, over-long and over-nested filters, and a filter given twice', () => {
    assert.match(parseError('').message, /empty/);
    assert.match(parseError('   ').message, /empty/);
    assert.match(
      parseError(`userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`).message,
      new RegExp(`limit is ${MAX_FILTER_LENGTH}`),
    );
    const deep = `${'('.repeat(MAX_FILTER_DEPTH + 1)}userName pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`;
    assert.match(
      parseError(deep).message,
      new RegExp(`deeper than ${MAX_FILTER_DEPTH} levels at position ${MAX_FILTER_DEPTH + 1}`),
    );
    const notDeep = `${'not ('.repeat(MAX_FILTER_DEPTH)}userName pr${')'.repeat(MAX_FILTER_DEPTH)}`;
    assert.equal(parseFilter(notDeep, rs).kind, 'not');
    assert.throws(() => parseFilter(['a pr', 'b pr'] as unknown as string, rs), /single string/);
  });

  it('parses a long chain of or without recursion trouble', () => {
    const text = 'userName eq "a" or '.repeat(200) + 'userName pr';
    assert.equal(parseFilter(text, rs).kind, 'or');
  });
});
