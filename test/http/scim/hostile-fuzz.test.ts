import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { dialects } from '../../helpers/dialects.ts';
import { ERROR, PATCH_OP, USER, createGroup, createUser } from '../../helpers/scim-fixtures.ts';
import { startServer, type ScimResponse, type TestServer } from '../../helpers/scim-server.ts';

/** Words a SCIM client or an attacker puts in filters, paths and keys. */
const WORDS = [
  'userName',
  'displayName',
  'externalId',
  'emails',
  'value',
  'type',
  'primary',
  'name.givenName',
  'members',
  'active',
  'meta.lastModified',
  'password',
  'groups',
  '__proto__',
  'constructor',
  'prototype',
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'pr',
  'gt',
  'le',
  'and',
  'or',
  'not',
  '(',
  ')',
  '[',
  ']',
  '"',
  '\\',
  '.',
  ':',
  ' ',
  'true',
  'null',
  '42',
  '1e999',
  '%',
  '_',
  "'",
];

/** One text unit: a word, any code point, or a lone surrogate, NUL or control character. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('\ud800', '\udfff', '\u0000', '\u001f', '\u202e', '\ufeff', 'ß', 'İ', 'e\u0301'),
  },
);
const text = fc.string({ unit, maxLength: 12 });
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const attributes = fc.dictionary(fc.oneof(fc.constantFrom(...WORDS), text), json, { maxKeys: 5 });

type Request = { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; path: string; body?: unknown };

const request = (userId: string, groupId: string): fc.Arbitrary<Request> =>
  fc.oneof(
    text.map((filter): Request => ({
      method: 'POST',
      path: '/Users/.search',
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter },
    })),
    fc.tuple(text, text).map(([filter, sortBy]): Request => ({
      method: 'POST',
      path: '/.search',
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter, sortBy },
    })),
    attributes.map((a): Request => ({ method: 'POST', path: '/Users', body: { schemas: [USER], ...a } })),
    attributes.map((a): Request => ({
      method: 'PUT',
      path: `/Groups/${groupId}`,
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], ...a },
    })),
    fc
      .array(
        fc.record({ op: fc.constantFrom('add', 'Replace', 'remove', 'copy'), path: fc.option(text), value: json }),
        { minLength: 1, maxLength: 3 },
      )
      .map((ops): Request => ({
        method: 'PATCH',
        path: `/Users/${userId}`,
        body: { schemas: [PATCH_OP], Operations: ops.map((o) => (o.path === null ? { op: o.op, value: o.value } : o)) },
      })),
    fc
      .array(
        fc.record({
          op: fc.constantFrom('add', 'remove', 'replace'),
          path: text.map((t) => `members[${t}]`),
          value: json,
        }),
        { minLength: 1, maxLength: 2 },
      )
      .map((ops): Request => ({
        method: 'PATCH',
        path: `/Groups/${groupId}`,
        body: { schemas: [PATCH_OP], Operations: ops },
      })),
  );

/** Everything the client may send as JSON text: a lone surrogate goes out escaped (`\ud800`). */
const asJson = (body: unknown): string => JSON.stringify(body) ?? '';

function assertAnswered(req: Request, res: ScimResponse): void {
  const shown = `${req.method} ${req.path} ${asJson(req.body).slice(0, 300)} -> ${res.status} ${res.raw.body.slice(0, 300)}`;
  assert.ok(res.status < 500, shown);
  if (res.status >= 400) {
    assert.deepEqual(res.body?.schemas, [ERROR], shown);
    assert.equal(res.body.status, String(res.status), shown);
  }
}

// Seeded and bounded by a fixed number of runs: the same requests every time, a failure
// reproduces with its seed and path (fast-check prints both).
for (const dialect of await dialects()) {
  describe(`fuzzed requests never cost a 5xx (${dialect})`, () => {
    let s: TestServer;
    let userId: string;
    let groupId: string;
    before(async () => {
      s = await startServer(dialect);
      userId = await createUser(s, 'fuzz.target');
      groupId = await createGroup(s, 'fuzz-group', [userId]);
    });
    after(() => s.close());

    it('should answer 300 generated request bodies and filters below 500, errors as SCIM error bodies', async () => {
      await fc.assert(
        fc.asyncProperty(request(userId, groupId), async (req) => {
          assertAnswered(req, await s.scim(req.method, req.path, asJson(req.body)));
        }),
        { seed: dialect === 'sqlite' ? 1414 : 4141, numRuns: 300, endOnFailure: true },
      );
      const health = await s.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
    });

    it('should answer 150 generated query-string filters below 500', async () => {
      await fc.assert(
        fc.asyncProperty(text, text, async (filter, sortBy) => {
          if (/\p{Surrogate}/u.test(filter + sortBy)) return;
          const path = `/Users?filter=${encodeURIComponent(filter)}&sortBy=${encodeURIComponent(sortBy)}`;
          assertAnswered({ method: 'GET', path }, await s.scim('GET', path));
        }),
        { seed: dialect === 'sqlite' ? 77 : 7777, numRuns: 150, endOnFailure: true },
      );
    });
  });
}
