import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import {
  ENTERPRISE,
  GROUP,
  LIST_RESPONSE,
  SEARCH_REQUEST,
  USER,
  assertScimError,
  create,
  list,
  query,
  type Resource,
} from '../../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function userBody(i: number): Resource {
  return {
    schemas: i % 2 === 0 ? [USER, ENTERPRISE] : [USER],
    userName: `proj.user${i}`,
    displayName: `Person ${String.fromCharCode(65 + ((i * 7) % 26))}`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
    title: i % 3 === 0 ? 'Engineer' : undefined,
    emails: [
      { value: `user${i}@work.example`, type: 'work', primary: true },
      { value: `user${i}@home.example`, type: 'home' },
    ],
    externalId: `x-${i}`,
    password: `Secret-${i}-passw0rd`,
    ...(i % 2 === 0
      ? { [ENTERPRISE]: { department: `Dept${i % 4}`, employeeNumber: `${1000 + i}`, manager: { value: 'boss' } } }
      : {}),
  };
}

const keys = (r: Resource): string[] => Object.keys(r).sort();

for (const dialect of await dialects()) {
  describe(`Projection and search (${dialect})`, () => {
    let s: TestServer;
    let users: Resource[] = [];
    let groups: Resource[] = [];

    before(async () => {
      s = await startServer(dialect);
      for (let i = 0; i < 8; i++) await create(s, '/Users', userBody(i));
      users = (await list(s, '/Users?count=1000')).body.Resources;
      for (const [i, name] of ['Team Blue', 'Team Red', 'Everyone'].entries()) {
        await create(s, '/Groups', {
          schemas: [GROUP],
          displayName: name,
          externalId: `g-${i}`,
          members: users.slice(i, i + 3).map((u) => ({ value: u.id })),
        });
      }
      groups = (await list(s, '/Groups?count=1000')).body.Resources;
      users = (await list(s, '/Users?count=1000')).body.Resources;
    });
    after(() => s.close());

    it('attributes=userName returns only id, schemas and userName', async () => {
      const res = await list(s, '/Users?attributes=userName');
      assert.equal(res.body.Resources.length, users.length);
      for (const r of res.body.Resources as Resource[]) {
        assert.deepEqual(keys(r), ['id', 'schemas', 'userName']);
        assert.deepEqual(r.schemas, [USER], 'schemas lists only what is present');
      }
    });

    it('attributes names a sub-attribute, a sub-attribute of every element, or several, in any case', async () => {
      const given = await list(s, '/Users?attributes=name.givenName');
      for (const r of given.body.Resources as Resource[]) {
        assert.deepEqual(keys(r), ['id', 'name', 'schemas']);
        assert.deepEqual(keys(r.name), ['givenName']);
      }
      const values = await list(s, '/Users?attributes=emails.value');
      for (const r of values.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        assert.deepEqual(
          r.emails,
          full.emails.map((e: Resource) => ({ value: e.value })),
        );
        assert.deepEqual(keys(r), ['emails', 'id', 'schemas']);
      }
      const several = await list(s, `/Users${query({ attributes: 'USERNAME, Name.FamilyName,meta.created,nosuch' })}`);
      for (const r of several.body.Resources as Resource[]) {
        assert.deepEqual(keys(r), ['id', 'meta', 'name', 'schemas', 'userName']);
        assert.deepEqual(keys(r.meta), ['created']);
        assert.deepEqual(keys(r.name), ['familyName']);
      }
      const unknown = await list(s, '/Users?attributes=nosuch');
      for (const r of unknown.body.Resources as Resource[]) assert.deepEqual(keys(r), ['id', 'schemas']);
    });

    it('attributes with an enterprise URN path keeps just that value and its schema', async () => {
      const res = await list(s, `/Users${query({ attributes: `${ENTERPRISE}:department`, sortBy: 'userName' })}`);
      for (const r of res.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        if (full[ENTERPRISE]) {
          assert.deepEqual(r, {
            schemas: [USER, ENTERPRISE],
            id: r.id,
            [ENTERPRISE]: { department: full[ENTERPRISE].department },
          });
        } else {
          assert.deepEqual(r, { schemas: [USER], id: r.id });
        }
      }
      const whole = await list(s, `/Users${query({ attributes: `userName,${ENTERPRISE}` })}`);
      for (const r of whole.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        assert.deepEqual(r[ENTERPRISE], full[ENTERPRISE]);
      }
      const manager = await list(s, `/Users${query({ attributes: `${ENTERPRISE}:manager.value` })}`);
      for (const r of manager.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        assert.deepEqual(r[ENTERPRISE], full[ENTERPRISE] ? { manager: { value: 'boss' } } : undefined);
      }
    });

    it('excludedAttributes removes attributes but never id or schemas', async () => {
      const res = await list(s, '/Users?excludedAttributes=emails');
      for (const r of res.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        const { emails: _emails, ...rest } = full;
        assert.deepEqual(r, rest);
      }
      const idToo = await list(s, `/Users${query({ excludedAttributes: 'id,schemas,name.givenName,meta' })}`);
      for (const r of idToo.body.Resources as Resource[]) {
        assert.ok(typeof r.id === 'string' && r.id.length > 0, 'id cannot be excluded');
        assert.ok(Array.isArray(r.schemas), 'schemas cannot be excluded');
        assert.equal(r.meta, undefined);
        assert.deepEqual(keys(r.name), ['familyName']);
      }
      const ext = await list(s, `/Users${query({ excludedAttributes: ENTERPRISE })}`);
      for (const r of ext.body.Resources as Resource[]) {
        assert.equal(r[ENTERPRISE], undefined);
        assert.deepEqual(r.schemas, [USER]);
      }
    });

    it('never returns the password, even when asked for it', async () => {
      for (const path of [
        '/Users?attributes=password',
        '/Users?attributes=password,userName',
        '/Users',
        '/Users?excludedAttributes=userName',
      ]) {
        const res = await list(s, path);
        for (const r of res.body.Resources as Resource[]) assert.equal(r.password, undefined, path);
      }
      const one = await s.scim('GET', `/Users/${users[0]!.id}?attributes=password`);
      assert.deepEqual(keys(one.body), ['id', 'schemas']);
    });

    it('treats an attribute with a bracket filter as the attribute itself (Microsoft conformance)', async () => {
      const res = await list(s, `/Users${query({ attributes: 'emails[type eq "work"]' })}`);
      for (const r of res.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        assert.deepEqual(r, { schemas: [USER], id: r.id, emails: full.emails });
      }
      const sub = await list(
        s,
        `/Users${query({ attributes: 'userName,emails[type eq "work" and value co "]"].value' })}`,
      );
      for (const r of sub.body.Resources as Resource[]) {
        const full = users.find((u) => u.id === r.id)!;
        assert.deepEqual(
          r.emails,
          full.emails.map((e: Resource) => ({ value: e.value })),
        );
        assert.equal(r.userName, full.userName);
      }
      const excluded = await list(s, `/Users${query({ excludedAttributes: 'emails[type eq "home"],meta' })}`);
      for (const r of excluded.body.Resources as Resource[]) {
        assert.equal(r.emails, undefined);
        assert.equal(r.meta, undefined);
      }
      const one = await s.scim('GET', `/Users/${users[0]!.id}${query({ attributes: 'emails[type eq "work"],name' })}`);
      assert.deepEqual(keys(one.body), ['emails', 'id', 'name', 'schemas']);
    });

    it('projects GET by id, and POST, PUT and PATCH responses', async () => {
      const target = users[1]!;
      const got = await s.scim('GET', `/Users/${target.id}?attributes=userName`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, { schemas: [USER], id: target.id, userName: target.userName });
      const noEmails = await s.scim('GET', `/Users/${target.id}?excludedAttributes=emails,name`);
      assert.equal(noEmails.body.emails, undefined);
      assert.equal(noEmails.body.name, undefined);
      assert.equal(noEmails.body.userName, target.userName);

      const posted = await s.scim('POST', '/Users?attributes=userName', { ...userBody(90) });
      assert.equal(posted.status, 201);
      assert.deepEqual(keys(posted.body), ['id', 'schemas', 'userName']);
      assert.match(posted.headers.location as string, new RegExp(`/Users/${posted.body.id}$`));
      assert.ok(posted.headers.etag, 'the ETag is sent even when meta is left out');

      const put = await s.scim('PUT', `/Users/${posted.body.id}?excludedAttributes=emails`, {
        ...userBody(90),
        title: 'Boss',
      });
      assert.equal(put.status, 200);
      assert.equal(put.body.emails, undefined);
      assert.equal(put.body.title, 'Boss');
      assert.equal(put.body.password, undefined);

      const patched = await s.scim('PATCH', `/Users/${posted.body.id}?attributes=title`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'title', value: 'Chief' }],
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body, { schemas: [USER], id: posted.body.id, title: 'Chief' });
      assert.equal((await s.scim('DELETE', `/Users/${posted.body.id}`)).status, 204);
    });

    it('projects groups: excludedAttributes=members, attributes=members.value', async () => {
      const listed = await list(s, '/Groups?excludedAttributes=members');
      for (const g of listed.body.Resources as Resource[]) {
        assert.equal(g.members, undefined);
        assert.ok(g.displayName);
      }
      const withMembers = groups.find((g) => g.displayName === 'Team Red')!;
      const one = await s.scim('GET', `/Groups/${withMembers.id}?excludedAttributes=members`);
      assert.equal(one.status, 200);
      assert.equal(one.body.members, undefined);
      assert.equal(one.body.displayName, 'Team Red');
      const values = await s.scim('GET', `/Groups/${withMembers.id}?attributes=members.value`);
      assert.deepEqual(JSON.parse(values.raw.body), {
        schemas: [GROUP],
        id: withMembers.id,
        members: withMembers.members.map((m: Resource) => ({ value: m.value })),
      });
      const names = await list(s, '/Groups?attributes=displayName');
      for (const g of names.body.Resources as Resource[]) assert.deepEqual(keys(g), ['displayName', 'id', 'schemas']);
      const posted = await s.scim('POST', '/Groups?excludedAttributes=members', {
        schemas: [GROUP],
        displayName: 'Projected',
        members: [{ value: users[0]!.id }],
      });
      assert.equal(posted.status, 201);
      assert.equal(posted.body.members, undefined);
      assert.equal((await s.scim('DELETE', `/Groups/${posted.body.id}`)).status, 204);
    });

    const search = (path: string, body: Resource) => s.scim('POST', path, { schemas: [SEARCH_REQUEST], ...body });

    it('POST /Users/.search takes filter, sortBy, attributes as an array, startIndex and count', async () => {
      const res = await search('/Users/.search', {
        filter: 'emails[type eq "work"] and userName sw "proj."',
        sortBy: 'userName',
        sortOrder: 'descending',
        attributes: ['userName', 'emails.value'],
        startIndex: 2,
        count: 3,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.schemas, [LIST_RESPONSE]);
      const want = users
        .map((u) => u.userName as string)
        .sort()
        .reverse();
      assert.equal(res.body.totalResults, want.length);
      assert.equal(res.body.startIndex, 2);
      assert.equal(res.body.itemsPerPage, 3);
      assert.deepEqual(
        res.body.Resources.map((r: Resource) => r.userName),
        want.slice(1, 4),
      );
      for (const r of res.body.Resources as Resource[])
        assert.deepEqual(keys(r), ['emails', 'id', 'schemas', 'userName']);

      const same = await list(
        s,
        `/Users${query({ filter: 'emails[type eq "work"] and userName sw "proj."', sortBy: 'userName', sortOrder: 'descending', attributes: 'userName,emails.value', startIndex: 2, count: 3 })}`,
      );
      assert.deepEqual(res.body, same.body, 'the same as the GET with a query string');

      const excluded = await search('/Users/.search', { excludedAttributes: ['emails', 'name'], count: 2 });
      assert.equal(excluded.status, 200);
      for (const r of excluded.body.Resources as Resource[]) {
        assert.equal(r.emails, undefined);
        assert.equal(r.name, undefined);
        assert.ok(r.userName);
      }
      const cursor = await search('/Users/.search', { sortBy: 'userName', count: 5, cursor: '' });
      assert.equal(cursor.status, 200);
      assert.equal(typeof cursor.body.nextCursor, 'string');
      const next = await search('/Users/.search', { sortBy: 'userName', count: 5, cursor: cursor.body.nextCursor });
      assert.deepEqual(
        [...cursor.body.Resources, ...next.body.Resources].map((r: Resource) => r.userName),
        users.map((u) => u.userName as string).sort(),
      );
    });

    it('POST /Groups/.search filters and projects groups', async () => {
      const res = await search('/Groups/.search', {
        filter: 'displayName sw "team"',
        sortBy: 'displayName',
        attributes: ['displayName'],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.totalResults, 2);
      assert.deepEqual(
        res.body.Resources.map((g: Resource) => g),
        groups
          .filter((g) => g.displayName.startsWith('Team'))
          .sort((a, b) => (a.displayName < b.displayName ? -1 : 1))
          .map((g) => ({ schemas: [GROUP], id: g.id, displayName: g.displayName })),
      );
      const members = await search('/Groups/.search', { filter: `members[value eq "${users[2]!.id}"]` });
      assert.equal(
        members.body.totalResults,
        groups.filter((g) => g.members.some((m: Resource) => m.value === users[2]!.id)).length,
      );
    });

    it('POST /.search searches users and groups together, paging across the boundary', async () => {
      const all = await search('/.search', { count: 1000 });
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.equal(all.body.totalResults, users.length + groups.length);
      assert.equal(all.body.Resources.length, users.length + groups.length);
      const types = all.body.Resources.map((r: Resource) => r.meta.resourceType);
      assert.deepEqual(types, [...users.map(() => 'User'), ...groups.map(() => 'Group')], 'users, then groups');

      // Both types have displayName: each type sorted by it, users first.
      const byName = (rs: Resource[]) =>
        rs
          .map((r) => r.id as string)
          .sort((a, b) => {
            const x = [...users, ...groups].find((r) => r.id === a)!.displayName.toLowerCase();
            const y = [...users, ...groups].find((r) => r.id === b)!.displayName.toLowerCase();
            return x < y ? -1 : x > y ? 1 : a < b ? -1 : 1;
          });
      const ordered = [...byName(users), ...byName(groups)];
      const seen: string[] = [];
      for (let start = 1; start <= ordered.length; start += 3) {
        const page = await search('/.search', {
          sortBy: 'displayName',
          startIndex: start,
          count: 3,
          attributes: ['displayName'],
        });
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.equal(page.body.totalResults, ordered.length);
        assert.equal(page.body.startIndex, start);
        assert.equal(page.body.itemsPerPage, page.body.Resources.length);
        for (const r of page.body.Resources as Resource[]) assert.deepEqual(keys(r), ['displayName', 'id', 'schemas']);
        seen.push(...page.body.Resources.map((r: Resource) => r.id));
      }
      assert.deepEqual(seen, ordered);

      const boundary = await search('/.search', { sortBy: 'displayName', startIndex: users.length, count: 2 });
      assert.deepEqual(
        boundary.body.Resources.map((r: Resource) => r.id),
        ordered.slice(users.length - 1, users.length + 1),
      );

      const filtered = await search('/.search', { filter: 'displayName co "e"' });
      const matching = [...users, ...groups].filter((r) => r.displayName.toLowerCase().includes('e'));
      assert.equal(filtered.body.totalResults, matching.length);

      const zero = await search('/.search', { count: 0 });
      assert.equal(zero.body.totalResults, users.length + groups.length);
      assert.equal((zero.body.Resources ?? []).length, 0);
    });

    it('POST /.search treats an attribute one type lacks as unassigned for that type', async () => {
      const userOnly = await search('/.search', { filter: 'userName sw "proj.user1"' });
      assert.equal(userOnly.status, 200, JSON.stringify(userOnly.body));
      assert.deepEqual(
        userOnly.body.Resources.map((r: Resource) => r.userName),
        ['proj.user1'],
      );

      const either = await search('/.search', { filter: `userName eq "proj.user1" or displayName eq "Everyone"` });
      assert.equal(either.status, 200, JSON.stringify(either.body));
      assert.equal(either.body.totalResults, 2);

      const notUser = await search('/.search', { filter: 'not (userName pr)' });
      assert.equal(notUser.body.totalResults, groups.length, 'groups have no userName');

      const sorted = await search('/.search', { sortBy: 'userName', count: 1000 });
      assert.equal(sorted.status, 200, JSON.stringify(sorted.body));
      assert.deepEqual(
        sorted.body.Resources.slice(0, users.length).map((r: Resource) => r.userName),
        users.map((u) => u.userName as string).sort(),
      );
      assert.equal(sorted.body.totalResults, users.length + groups.length);

      const unknown = await search('/.search', { filter: 'nosuch eq "x"' });
      assertScimError(unknown, 400, 'invalidFilter', 'an attribute no type has');
      const unknownSort = await search('/.search', { sortBy: 'nosuch' });
      assertScimError(unknownSort, 400, 'invalidValue', 'a sortBy no type has');
      const cursor = await search('/.search', { cursor: '' });
      assert.equal(cursor.status, 400);
    });

    it('refuses a search without the SearchRequest schema or with bad parameters', async () => {
      const missing = await s.scim('POST', '/Users/.search', { filter: 'userName pr' });
      assertScimError(missing, 400, 'invalidSyntax', 'no schemas');
      for (const path of ['/Users/.search', '/Groups/.search', '/.search']) {
        assertScimError(await s.scim('POST', path, { schemas: ['urn:example:other'] }), 400, 'invalidSyntax', path);
        assertScimError(await s.scim('POST', path, [SEARCH_REQUEST]), 400, 'invalidSyntax', `${path} array body`);
        assertScimError(await s.scim('POST', path, '{"schemas":'), 400, 'invalidSyntax', `${path} broken JSON`);
      }
      const empty = await s.scim('POST', '/Users/.search', undefined, { 'content-type': 'application/scim+json' });
      assert.equal(empty.status, 400);
      assertScimError(await search('/Users/.search', { filter: 'userName eq' }), 400, 'invalidFilter', 'bad filter');
      assertScimError(await search('/Users/.search', { filter: 42 }), 400, undefined, 'filter not a string');
      assertScimError(await search('/Users/.search', { startIndex: 1.5 }), 400, 'invalidValue', 'startIndex 1.5');
      assertScimError(await search('/Users/.search', { count: 'many' }), 400, 'invalidValue', 'count many');
      assertScimError(
        await search('/Users/.search', { attributes: [1, 2] }),
        400,
        'invalidValue',
        'attributes not strings',
      );
      assertScimError(
        await search('/Users/.search', { cursor: 'x', startIndex: 1 }),
        400,
        undefined,
        'cursor and startIndex',
      );
      const lenient = await search('/Users/.search', { startIndex: '2', count: '1', sortBy: 'userName' });
      assert.equal(lenient.status, 200, 'numbers as strings are read');
      assert.equal(lenient.body.Resources.length, 1);
    });
  });
}
