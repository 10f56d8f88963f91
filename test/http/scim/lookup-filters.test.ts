import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { GROUP, USER, assertScimError, create, list, query, type Resource } from '../../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

// The filters an IdP sends to find one resource (`userName eq`, `externalId eq`, `id eq`, a
// group's `displayName eq`), with no sortBy, are read by a statement compiled once
// (ResourceListStore's lookups). Each answer here is compared with the same comparison read
// the general way: inside an `and` (not a lookup), and with the schema's URN before the
// attribute (not a lookup either).

const USER_NAMES = [
  'Straße',
  'e\u0301cole', // NFD: one name with 'école'
  'İstanbul',
  'ＡＢＣ', // fullwidth: one name with 'ABC'
  'Mixed.Case@Example.com',
  'plain',
];

/** Values probed for each attribute: exact, other case, other forms, none, empty. */
function variants(value: string): string[] {
  return [
    value,
    value.toUpperCase(),
    value.toLowerCase(),
    value.normalize('NFC'),
    value.normalize('NFD'),
    value.normalize('NFKC'),
    `${value}x`,
    '',
  ];
}

async function page(s: TestServer, endpoint: '/Users' | '/Groups', params: Record<string, string | number>) {
  const res = await list(s, `${endpoint}${query(params)}`);
  return {
    total: res.body.totalResults as number,
    ids: (res.body.Resources as Resource[]).map((r) => r.id as string),
  };
}

for (const dialect of await dialects()) {
  describe(`lookup filters answer as the general filter does (${dialect})`, () => {
    let s: TestServer;
    const users: Resource[] = [];
    const groups: Resource[] = [];

    before(async () => {
      s = await startServer(dialect);
      for (const [i, userName] of USER_NAMES.entries()) {
        users.push(
          await create(s, '/Users', {
            schemas: [USER],
            userName,
            // Two externalIds that differ by case only: externalId is case-exact.
            ...(i < 2 ? { externalId: i === 0 ? 'Ext-1' : 'ext-1' } : i === 2 ? { externalId: 'Équipe' } : {}),
          }),
        );
      }
      for (const [displayName, externalId] of [
        ['Admins', 'G-1'],
        ['admins', 'g-1'],
        ['Équipe', undefined],
        ['Admins', undefined],
      ] as const) {
        groups.push(
          await create(s, '/Groups', { schemas: [GROUP], displayName, ...(externalId ? { externalId } : {}) }),
        );
      }
    });
    after(() => s.close());

    const probes: readonly (readonly ['/Users' | '/Groups', string, string, () => string[]])[] = [
      ['/Users', 'userName', USER, () => USER_NAMES.flatMap(variants)],
      ['/Users', 'externalId', USER, () => ['Ext-1', 'ext-1', 'EXT-1', 'Équipe', 'E\u0301quipe', 'none', '']],
      ['/Users', 'id', USER, () => [...users.map((u) => u.id as string), users[0]!.id.toUpperCase(), 'nope']],
      ['/Groups', 'displayName', GROUP, () => ['Admins', 'ADMINS', 'admins', 'Équipe', 'ÉQUIPE', 'E\u0301quipe', 'x']],
      ['/Groups', 'externalId', GROUP, () => ['G-1', 'g-1', 'G-2', '']],
      ['/Groups', 'id', GROUP, () => [...groups.map((g) => g.id as string), 'nope']],
    ];

    for (const [endpoint, attr, urn, values] of probes) {
      it(`finds by ${endpoint.slice(1)} ${attr} eq what "and" and the URN-qualified path find`, async () => {
        let found = 0;
        for (const value of values()) {
          const text = JSON.stringify(value);
          const lookup = await page(s, endpoint, { filter: `${attr} eq ${text}` });
          const general = await page(s, endpoint, { filter: `${attr} eq ${text} and id pr` });
          const qualified = await page(s, endpoint, { filter: `${urn}:${attr} eq ${text}` });
          assert.deepEqual(lookup, general, `${attr} eq ${text}`);
          assert.deepEqual(lookup, qualified, `${urn}:${attr} eq ${text}`);
          found += lookup.ids.length;
        }
        assert.ok(found > 0, 'some probe matches: the comparison is not vacuous');
      });
    }

    it('pages a lookup that matches more than a page, counting every match', async () => {
      const windows: Record<string, number>[] = [
        { count: 1 },
        { count: 1, startIndex: 2 },
        { count: 1, startIndex: 3 },
        { count: 0 },
      ];
      for (const params of windows) {
        const lookup = await page(s, '/Groups', { filter: 'displayName eq "admins"', ...params });
        const general = await page(s, '/Groups', { filter: 'displayName eq "admins" and id pr', ...params });
        assert.deepEqual(lookup, general, JSON.stringify(params));
        assert.equal(lookup.total, 3, 'Admins twice and admins: displayName is not case-exact');
      }
    });

    it('sorts a lookup given sortBy as any filter', async () => {
      const sorted = await page(s, '/Groups', { filter: 'displayName eq "admins"', sortBy: 'meta.created' });
      const ids = groups.filter((g) => (g.displayName as string).toLowerCase() === 'admins').map((g) => g.id);
      assert.deepEqual(sorted.ids, ids, 'in the order they were created');
    });

    it('refuses a NUL in a lookup value as it does elsewhere', async () => {
      const res = await s.scim('GET', `/Users${query({ filter: 'userName eq "a\\u0000b"' })}`);
      assertScimError(res, 400, 'invalidFilter', 'a NUL in a filter value');
    });
  });
}
