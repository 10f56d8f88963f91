import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { matchesFilter, prepareFilter } from '../../../src/scim/filter/index.ts';
import { userResourceSchema } from '../../../src/scim/schema/resource-types.ts';
import { dialects } from '../../helpers/dialects.ts';
import { USER, create, filteredIds, list, type Resource } from '../../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

// A differential test: random filters over random users must select the same users through
// the SQL compiler (GET /Users?filter=) as through the in-memory evaluator. Seeded, so a
// failure reproduces; fast-check shrinks it to a small filter in the message.
const SEED = 20261204;
const RUNS = 200;
const USERS = 30;

// Few letters, mixed case and non-ASCII, so that values collide, prefix one another and
// differ only in case: where SQL and JavaScript disagree (lower(), collations, LIKE).
const text = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'é', 'É', '.', '_', '%', '@'), minLength: 0, maxLength });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const userArb = fc.record(
  {
    displayName: optional(text(3)),
    active: optional(fc.boolean()),
    familyName: optional(text(3)),
    emails: fc.array(
      fc.record({
        value: text(4),
        type: optional(fc.constantFrom('work', 'home', 'Work')),
        primary: optional(fc.boolean()),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['emails'] },
);
const usersArb = fc.tuple(
  fc.uniqueArray(
    text(4).filter((s) => s.trim() !== ''),
    { minLength: USERS, maxLength: USERS, selector: (s) => s.toLowerCase() },
  ),
  fc.array(userArb, { minLength: USERS, maxLength: USERS }),
);

type UserSpec = typeof userArb extends fc.Arbitrary<infer T> ? T : never;

function userBody(userName: string, u: UserSpec): Resource {
  return {
    schemas: [USER],
    userName,
    ...(u.displayName !== undefined ? { displayName: u.displayName } : {}),
    ...(u.active !== undefined ? { active: u.active } : {}),
    ...(u.familyName !== undefined ? { name: { familyName: u.familyName } } : {}),
    ...(u.emails.length > 0
      ? {
          emails: u.emails.map((e, i) => ({
            value: e.value,
            ...(e.type ? { type: e.type } : {}),
            // At most one primary value is allowed; the others may say false.
            ...(e.primary !== undefined ? { primary: e.primary && i === 0 } : {}),
          })),
        }
      : {}),
  };
}

const quote = (s: string): string => JSON.stringify(s);
const STRING_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
const ORDER_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

/** Comparisons on one attribute or sub-attribute; `instants` are the users' lastModified times. */
function leafArb(instants: readonly string[], inBrackets: boolean): fc.Arbitrary<string> {
  const stringCompare = (paths: readonly string[]) =>
    fc.oneof(
      fc
        .tuple(fc.constantFrom(...paths), fc.constantFrom(...STRING_OPS), text(3))
        .map(([p, op, v]) => `${p} ${op} ${quote(v)}`),
      fc.constantFrom(...paths).map((p) => `${p} pr`),
      fc.tuple(fc.constantFrom(...paths), fc.constantFrom('eq', 'ne')).map(([p, op]) => `${p} ${op} null`),
    );
  const booleanCompare = (path: string) =>
    fc.oneof(
      fc
        .tuple(fc.constantFrom('eq', 'ne'), fc.constantFrom('true', 'false', '"True"', '"false"'))
        .map(([op, v]) => `${path} ${op} ${v}`),
      fc.constant(`${path} pr`),
    );
  if (inBrackets) return fc.oneof(stringCompare(['value', 'type']), booleanCompare('primary'));
  const instant = fc.oneof(
    fc.constantFrom(...instants),
    fc
      .tuple(fc.constantFrom(...instants), fc.integer({ min: -3, max: 3 }))
      .map(([t, ms]) => new Date(Date.parse(t) + ms).toISOString()),
    // The same instant written with another offset.
    fc
      .constantFrom(...instants)
      .map((t) => new Date(Date.parse(t) + 2 * 3600_000).toISOString().replace('Z', '+02:00')),
  );
  return fc.oneof(
    stringCompare(['userName', 'displayName', 'emails.value', 'emails.type', 'name.familyName', 'emails']),
    booleanCompare('active'),
    booleanCompare('emails.primary'),
    fc.tuple(fc.constantFrom(...ORDER_OPS), instant).map(([op, t]) => `meta.lastModified ${op} ${quote(t)}`),
    fc.constant('meta.lastModified pr'),
  );
}

function filterArb(instants: readonly string[]): fc.Arbitrary<string> {
  const { filter } = fc.letrec<{ filter: string; inner: string; bracket: string }>((tie) => ({
    filter: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb(instants, false),
      tie('bracket'),
      fc.tuple(tie('filter'), fc.constantFrom('and', 'or'), tie('filter')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('filter').map((f) => `not (${f})`),
      tie('filter').map((f) => `(${f})`),
    ),
    inner: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb(instants, true),
      fc.tuple(tie('inner'), fc.constantFrom('and', 'or'), tie('inner')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('inner').map((f) => `not (${f})`),
    ),
    bracket: tie('inner').map((f) => `emails[${f}]`),
  }));
  return filter;
}

for (const dialect of await dialects()) {
  describe(`Filters: SQL and in-memory agree (${dialect})`, () => {
    let s: TestServer;
    let users: Resource[] = [];
    const rs = userResourceSchema();

    before(async () => {
      s = await startServer(dialect);
      const [names, specs] = fc.sample(usersArb, { seed: SEED, numRuns: 1 })[0]!;
      for (const [i, name] of names.entries()) await create(s, '/Users', userBody(name, specs[i]!));
      users = (await list(s, '/Users?count=1000')).body.Resources;
      assert.equal(users.length, USERS);
    });
    after(() => s.close());

    it('selects the same users for random filters', async () => {
      const instants = users.map((u) => u.meta.lastModified as string);
      let selective = 0;
      await fc.assert(
        fc.asyncProperty(filterArb(instants), async (filter) => {
          const prepared = prepareFilter(filter, rs);
          const expected = users
            .filter((u) => matchesFilter(prepared, rs, u))
            .map((u) => u.id as string)
            .sort();
          assert.deepEqual(await filteredIds(s, '/Users', filter), expected, filter);
          if (expected.length > 0 && expected.length < USERS) selective++;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // Filters that select all users or none would prove little.
      assert.ok(selective > RUNS / 3, `${selective} of ${RUNS} filters select some users but not all`);
    });
  });
}
