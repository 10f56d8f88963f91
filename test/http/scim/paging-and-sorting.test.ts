import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { ENTERPRISE, USER, assertScimError, create, list, query, type Resource } from '../../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

type Email = readonly [value: string, primary?: boolean];
// Family names repeat in other cases and are missing on some; the primary email is not
// always the first one, and some users have no primary at all (the first one sorts).
const SPECS: readonly {
  userName: string;
  family?: string;
  emails?: readonly Email[];
  active: boolean;
  dept?: string;
}[] = [
  { userName: 'Kim.Lee', family: 'Lee', emails: [['kim@b.example', true]], active: true, dept: 'Sales' },
  { userName: 'ann', family: 'Smith', emails: [['z-ann@a.example'], ['ann@a.example', true]], active: false },
  { userName: 'Zed', emails: [['Zed@c.example']], active: true, dept: 'support' },
  { userName: 'bea', family: 'smith', active: true, dept: 'Engineering' },
  {
    userName: 'CHLOE',
    family: 'Ödegaard',
    emails: [
      ['chloe@a.example', false],
      ['Chloe@B.example', true],
    ],
    active: true,
  },
  { userName: 'dan', family: 'Adams', emails: [['dan@d.example']], active: false, dept: 'Sales' },
  { userName: 'Eli', active: true },
  { userName: 'fay', family: 'SMITH', emails: [['Alpha@z.example', true]], active: true, dept: 'engineering' },
  { userName: 'Gus', family: 'Brown', emails: [['gus@a.example'], ['gus2@a.example']], active: false },
  { userName: 'hal', family: 'adams', emails: [['hal@e.example', true]], active: true, dept: 'Research' },
  { userName: 'Ida', family: 'Zane', active: true },
  { userName: 'jon', family: 'Young', emails: [['jon@a.example', true]], active: true, dept: 'Sales' },
  { userName: 'Kai', emails: [['kai@f.example', true]], active: false },
  { userName: 'leo', family: 'Brown', emails: [['LEO@a.example', true]], active: true },
  { userName: 'Mia', family: 'Nash', active: true, dept: 'Support' },
  { userName: 'ned', family: 'Ortiz', emails: [['ned@g.example']], active: true },
  { userName: 'Oz', family: 'Lee', emails: [['oz@a.example', true]], active: false, dept: 'Research' },
  { userName: 'pia', active: true },
  { userName: 'Quinn', family: 'Ng', emails: [['quinn@h.example', true]], active: true },
  { userName: 'rex', family: 'Ash', emails: [['rex@a.example', true]], active: true, dept: 'Sales' },
];

type Key = (r: Resource) => string | number | null;
const lower = (v: unknown): string | null => (typeof v === 'string' ? v.toLowerCase() : null);
const KEYS: Readonly<Record<string, Key>> = {
  userName: (r) => r.userName.toLowerCase(),
  'name.familyName': (r) => lower(r.name?.familyName),
  'meta.created': (r) => r.meta.created,
  emails: (r) => {
    const emails: Resource[] = r.emails ?? [];
    return lower((emails.find((e) => e.primary === true) ?? emails[0])?.value);
  },
  active: (r) => (r.active ? 1 : 0),
  [`${ENTERPRISE}:department`]: (r) => lower(r[ENTERPRISE]?.department),
};

/** Ascending is (value, missing last, then id); descending is its exact reverse. */
function sortedIds(resources: readonly Resource[], key: Key, descending = false): string[] {
  const ascending = [...resources].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const ids = ascending.map((r) => r.id as string);
  return descending ? ids.reverse() : ids;
}

const idsOf = (res: { body: any }): string[] => ((res.body.Resources ?? []) as Resource[]).map((r) => r.id);

for (const dialect of await dialects()) {
  describe(`Paging and sorting (${dialect})`, () => {
    let s: TestServer;
    let users: Resource[] = [];

    before(async () => {
      s = await startServer(dialect);
      for (const spec of SPECS) {
        await create(s, '/Users', {
          schemas: spec.dept ? [USER, ENTERPRISE] : [USER],
          userName: spec.userName,
          active: spec.active,
          ...(spec.family ? { name: { familyName: spec.family } } : {}),
          ...(spec.emails
            ? {
                emails: spec.emails.map(([value, primary]) => ({
                  value,
                  type: 'work',
                  ...(primary !== undefined ? { primary } : {}),
                })),
              }
            : {}),
          ...(spec.dept ? { [ENTERPRISE]: { department: spec.dept } } : {}),
        });
      }
      users = (await list(s, '/Users?count=1000')).body.Resources;
      assert.equal(users.length, SPECS.length);
    });
    after(() => s.close());

    it('sorts by any attribute, ascending and descending, missing values last then first', async () => {
      for (const [sortBy, key] of Object.entries(KEYS)) {
        for (const order of [undefined, 'ascending', 'descending'] as const) {
          const res = await list(s, `/Users${query({ sortBy, sortOrder: order, count: 1000 })}`);
          const want = sortedIds(users, key, order === 'descending');
          assert.deepEqual(idsOf(res), want, `sortBy=${sortBy} sortOrder=${order}`);
        }
      }
    });

    it('reads sortBy and sortOrder in any case', async () => {
      const res = await list(s, `/Users${query({ sortBy: 'NAME.FAMILYNAME', sortOrder: 'Descending', count: 1000 })}`);
      assert.deepEqual(idsOf(res), sortedIds(users, KEYS['name.familyName']!, true));
    });

    it('refuses an unknown or unsortable sortBy and an unknown sortOrder with 400 invalidValue', async () => {
      for (const params of [
        { sortBy: 'nosuch' },
        { sortBy: 'password' },
        { sortBy: 'name' },
        { sortOrder: 'sideways' },
        { sortBy: 'name.nosuch' },
      ]) {
        assertScimError(await s.scim('GET', `/Users${query(params)}`), 400, 'invalidValue', JSON.stringify(params));
      }
    });

    it('sorts filtered results', async () => {
      const res = await list(
        s,
        `/Users${query({ filter: 'active eq true', sortBy: 'userName', sortOrder: 'descending' })}`,
      );
      assert.deepEqual(
        idsOf(res),
        sortedIds(
          users.filter((u) => u.active),
          KEYS.userName!,
          true,
        ),
      );
    });

    it('pages by index with exact totalResults, itemsPerPage and startIndex', async () => {
      const all = sortedIds(users, KEYS.userName!);
      const seen: string[] = [];
      for (let start = 1; start <= all.length; start += 7) {
        const res = await list(s, `/Users${query({ sortBy: 'userName', startIndex: start, count: 7 })}`);
        assert.equal(res.body.totalResults, all.length);
        assert.equal(res.body.startIndex, start);
        assert.equal(res.body.itemsPerPage, res.body.Resources.length);
        assert.equal(res.body.Resources.length, Math.min(7, all.length - start + 1));
        seen.push(...idsOf(res));
      }
      assert.deepEqual(seen, all);
    });

    it('applies the index paging edge rules of RFC 7644 3.4.2.4', async () => {
      const all = sortedIds(users, KEYS.userName!);
      const page = (params: Record<string, string | number>) =>
        list(s, `/Users${query({ sortBy: 'userName', ...params })}`);

      for (const startIndex of [0, -3]) {
        const res = await page({ startIndex, count: 2 });
        assert.equal(res.body.startIndex, 1, `startIndex=${startIndex} is 1`);
        assert.deepEqual(idsOf(res), all.slice(0, 2));
      }

      const none = await page({ count: 0 });
      assert.equal(none.body.totalResults, all.length);
      assert.equal(none.body.itemsPerPage, 0);
      assert.equal((none.body.Resources ?? []).length, 0, 'count=0 returns no resources');

      const negative = await page({ count: -5 });
      assert.equal(negative.body.totalResults, all.length);
      assert.equal((negative.body.Resources ?? []).length, 0, 'a negative count is 0');

      const huge = await page({ count: 5000 });
      assert.equal(huge.body.itemsPerPage, all.length, 'count above the maximum is capped, not refused');

      const beyond = await page({ startIndex: all.length + 5, count: 10 });
      assert.equal(beyond.body.totalResults, all.length);
      assert.equal(beyond.body.startIndex, all.length + 5);
      assert.equal((beyond.body.Resources ?? []).length, 0);

      const last = await page({ startIndex: all.length, count: 10 });
      assert.deepEqual(idsOf(last), all.slice(-1));

      const far = await page({ startIndex: '99999999999999999999', count: 10 });
      assert.equal(far.body.totalResults, all.length);
      assert.equal((far.body.Resources ?? []).length, 0);

      const filtered = await list(s, `/Users${query({ filter: 'active eq false', count: 2 })}`);
      assert.equal(filtered.body.totalResults, users.filter((u) => !u.active).length);
      assert.equal(filtered.body.itemsPerPage, 2);
    });

    it('defaults to the first page of up to 100 resources', async () => {
      const res = await list(s, '/Users');
      assert.equal(res.body.startIndex, 1);
      assert.equal(res.body.totalResults, users.length);
      assert.equal(res.body.itemsPerPage, users.length);
    });

    it('refuses a non-integer startIndex or count with 400 invalidValue', async () => {
      for (const params of [
        { startIndex: 'abc' },
        { startIndex: '1.5' },
        { count: 'ten' },
        { count: '1e3' },
        { count: '' },
        { startIndex: '0x10' },
      ]) {
        assertScimError(await s.scim('GET', `/Users${query(params)}`), 400, 'invalidValue', JSON.stringify(params));
      }
      assertScimError(await s.scim('GET', '/Users?count=2&count=3'), 400, 'invalidValue', 'count twice');
    });

    /** Follows nextCursor from `cursor=` to the end; returns the pages' ids. */
    async function walkForward(
      params: Record<string, string | number | undefined>,
    ): Promise<{ pages: string[][]; last: any }> {
      const pages: string[][] = [];
      let res = await list(s, `/Users${query({ ...params, cursor: '' })}`);
      assert.equal(res.body.previousCursor, undefined, 'the first page has no previousCursor');
      for (;;) {
        assert.equal(res.body.itemsPerPage, res.body.Resources.length);
        pages.push(idsOf(res));
        if (res.body.nextCursor === undefined) return { pages, last: res.body };
        assert.ok(pages.length < 100, 'the walk ends');
        res = await list(s, `/Users${query({ ...params, cursor: res.body.nextCursor })}`);
      }
    }

    it('pages with cursors: cursor= starts, nextCursor reaches every user once, in order', async () => {
      const cases: { params: Record<string, string | number>; want: string[] }[] = [
        { params: { count: 6 }, want: sortedIds(users, () => null) },
        { params: { sortBy: 'userName', count: 6 }, want: sortedIds(users, KEYS.userName!) },
        { params: { sortBy: 'name.familyName', count: 3 }, want: sortedIds(users, KEYS['name.familyName']!) },
        {
          params: { sortBy: 'name.familyName', sortOrder: 'descending', count: 4 },
          want: sortedIds(users, KEYS['name.familyName']!, true),
        },
        { params: { sortBy: 'emails', count: 5 }, want: sortedIds(users, KEYS.emails!) },
        {
          params: { sortBy: 'meta.created', sortOrder: 'descending', count: 7 },
          want: sortedIds(users, KEYS['meta.created']!, true),
        },
        { params: { sortBy: 'active', count: 4 }, want: sortedIds(users, KEYS.active!) },
        {
          params: { filter: 'active eq true and name.familyName pr', sortBy: 'name.familyName', count: 2 },
          want: sortedIds(
            users.filter((u) => u.active && u.name?.familyName),
            KEYS['name.familyName']!,
          ),
        },
      ];
      for (const { params, want } of cases) {
        const { pages, last } = await walkForward(params);
        assert.deepEqual(pages.flat(), want, JSON.stringify(params));
        assert.equal(last.totalResults, want.length);
        assert.ok(
          pages.slice(0, -1).every((p) => p.length === params.count),
          'full pages until the last',
        );
      }
    });

    it('walks back with previousCursor, page by page, to the first page', async () => {
      for (const params of [
        { sortBy: 'name.familyName', count: 3 },
        { sortBy: 'name.familyName', sortOrder: 'descending', count: 3 },
        { sortBy: 'userName', count: 5 },
        { sortBy: 'emails', sortOrder: 'descending', count: 6 },
      ]) {
        const { pages, last } = await walkForward(params);
        const back: string[][] = [];
        let body = last;
        while (body.previousCursor !== undefined) {
          const res = await list(s, `/Users${query({ ...params, cursor: body.previousCursor })}`);
          body = res.body;
          back.push(idsOf(res));
          assert.ok(back.length < 100, 'the walk back ends');
          assert.ok(body.nextCursor !== undefined, 'a page before another has a nextCursor');
        }
        assert.deepEqual(back.reverse(), pages.slice(0, -1), JSON.stringify(params));
        // From a page reached backwards, nextCursor leads forward again.
        if (pages.length >= 3) {
          const first = await list(s, `/Users${query({ ...params, cursor: '' })}`);
          const second = await list(s, `/Users${query({ ...params, cursor: first.body.nextCursor })}`);
          const again = await list(s, `/Users${query({ ...params, cursor: second.body.previousCursor })}`);
          assert.deepEqual(idsOf(again), pages[0]);
          const forward = await list(s, `/Users${query({ ...params, cursor: again.body.nextCursor })}`);
          assert.deepEqual(idsOf(forward), pages[1]);
        }
      }
    });

    it('refuses a garbage cursor or a cursor of another query with 400 invalidCursor', async () => {
      const first = await list(
        s,
        `/Users${query({ filter: 'active eq true', sortBy: 'userName', count: 2, cursor: '' })}`,
      );
      const next = first.body.nextCursor as string;
      assert.equal(typeof next, 'string');
      const garbage = [
        'abc',
        'not a cursor!',
        Buffer.from('{"v":1}').toString('base64url'),
        Buffer.from('[]').toString('base64url'),
        '%00',
        next.slice(0, -3),
      ];
      for (const cursor of garbage) {
        const res = await s.scim(
          'GET',
          `/Users${query({ filter: 'active eq true', sortBy: 'userName', count: 2, cursor })}`,
        );
        assertScimError(res, 400, 'invalidCursor', `cursor ${cursor}`);
      }
      for (const other of [
        { filter: 'active eq false', sortBy: 'userName' },
        { sortBy: 'userName' },
        { filter: 'active eq true', sortBy: 'name.familyName' },
        { filter: 'active eq true', sortBy: 'userName', sortOrder: 'descending' },
      ]) {
        const res = await s.scim('GET', `/Users${query({ ...other, count: 2, cursor: next })}`);
        assertScimError(res, 400, 'invalidCursor', `replayed with ${JSON.stringify(other)}`);
      }
      const groups = await s.scim('GET', `/Groups${query({ filter: 'active eq true', count: 2, cursor: next })}`);
      assert.equal(groups.status, 400, 'a users cursor is not a groups cursor');
      // The page size may change between pages; and sortOrder ascending is the default.
      const bigger = await list(
        s,
        `/Users${query({ filter: 'active eq true', sortBy: 'userName', sortOrder: 'ascending', count: 5, cursor: next })}`,
      );
      const all = sortedIds(
        users.filter((u) => u.active),
        KEYS.userName!,
      );
      assert.deepEqual(idsOf(bigger), all.slice(2, 7));
    });

    it('refuses cursor and startIndex together with 400', async () => {
      for (const cursor of ['', 'abc']) {
        const res = await s.scim('GET', `/Users${query({ cursor, startIndex: 1 })}`);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.status, '400');
      }
    });

    it('keeps a cursor valid when its row is deleted or rows are added meanwhile', async () => {
      const made: Resource[] = [];
      for (const name of ['cur.a', 'cur.b', 'cur.c', 'cur.d', 'cur.e', 'cur.f']) {
        made.push(await create(s, '/Users', { schemas: [USER], userName: name }));
      }
      const params = { filter: 'userName sw "cur."', sortBy: 'userName', count: 2 };
      const first = await list(s, `/Users${query({ ...params, cursor: '' })}`);
      assert.deepEqual(
        first.body.Resources.map((r: Resource) => r.userName),
        ['cur.a', 'cur.b'],
      );
      assert.equal((await s.scim('DELETE', `/Users/${made[1]!.id}`)).status, 204);
      await create(s, '/Users', { schemas: [USER], userName: 'cur.aa' });
      const second = await list(s, `/Users${query({ ...params, cursor: first.body.nextCursor })}`);
      assert.deepEqual(
        second.body.Resources.map((r: Resource) => r.userName),
        ['cur.c', 'cur.d'],
      );
      assert.equal(second.body.totalResults, 6);
      // Leave the shared users as they were for the other tests.
      const cleanup = await list(s, `/Users${query({ filter: 'userName sw "cur."' })}`);
      for (const r of cleanup.body.Resources as Resource[]) await s.scim('DELETE', `/Users/${r.id}`);
    });
  });
}
