import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import {
  BASE,
  GROUP,
  USER,
  createGroup,
  createUser,
  createUsers,
  memberIds,
  patchOf,
} from '../../helpers/scim-fixtures.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const sorted = (ids: readonly string[]) => [...ids].sort();

for (const dialect of await dialects()) {
  describe(`Groups (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    const patch = (id: string, ...ops: unknown[]) => s.scim('PATCH', `/Groups/${id}`, patchOf(...ops));

    it('creates a group without members: 201 with id, meta, ETag and Location, no members', async () => {
      const res = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Empty' });
      assert.equal(res.status, 201);
      assert.equal(res.body.displayName, 'Empty');
      assert.equal(res.body.members, undefined);
      assert.deepEqual(res.body.schemas, [GROUP]);
      assert.equal(res.body.meta.resourceType, 'Group');
      assert.equal(res.headers.location, `${BASE}/Groups/${res.body.id}`);
      assert.equal(res.body.meta.location, res.headers.location);
      assert.equal(res.headers.etag, res.body.meta.version);
    });

    it('creates a group with members and echoes value, $ref, type and display', async () => {
      const alice = await createUser(s, 'alice@example.com', { displayName: 'Alice A.' });
      const bob = await createUser(s, 'bob@example.com');
      const team = await createGroup(s, 'Team');
      const res = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Echo',
        members: [{ value: alice }, { value: bob, type: 'User' }, { value: team, display: 'ignored' }],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const byId = new Map((res.body.members as { value: string }[]).map((m) => [m.value, m]));
      assert.equal(byId.size, 3);
      assert.deepEqual(byId.get(alice), {
        value: alice,
        $ref: `${BASE}/Users/${alice}`,
        type: 'User',
        display: 'Alice A.',
      });
      assert.deepEqual(byId.get(bob), {
        value: bob,
        $ref: `${BASE}/Users/${bob}`,
        type: 'User',
        display: 'bob@example.com',
      });
      assert.deepEqual(byId.get(team), { value: team, $ref: `${BASE}/Groups/${team}`, type: 'Group', display: 'Team' });

      const got = await s.scim('GET', `/Groups/${res.body.id}`);
      assert.equal(got.status, 200);
      assert.match(got.headers['content-type'] as string, /^application\/scim\+json/);
      assert.deepEqual(sorted(got.body.members.map((m: { value: string }) => m.value)), sorted([alice, bob, team]));
      assert.deepEqual(
        got.body.members.find((m: { value: string }) => m.value === alice),
        byId.get(alice),
      );
      assert.equal(got.body.displayName, 'Echo');
      assert.equal(got.body.meta.version, res.body.meta.version);
    });

    it('hides members with excludedAttributes=members, and shows only them with attributes=members', async () => {
      const u = await createUser(s, 'projected@example.com');
      const g = await createGroup(s, 'Projected', [u]);
      const hidden = await s.scim('GET', `/Groups/${g}?excludedAttributes=members`);
      assert.equal(hidden.status, 200);
      assert.equal(hidden.body.members, undefined);
      assert.equal(hidden.body.displayName, 'Projected');
      assert.equal(hidden.headers.etag, hidden.body.meta.version);

      const onlyName = await s.scim('GET', `/Groups/${g}?attributes=displayName`);
      assert.equal(onlyName.body.members, undefined);
      assert.equal(onlyName.body.id, g);

      const onlyMembers = await s.scim('GET', `/Groups/${g}?attributes=members.value`);
      assert.equal(onlyMembers.status, 200);
      assert.equal(onlyMembers.body.id, g);
      assert.equal(onlyMembers.body.displayName, undefined);
      assert.deepEqual(onlyMembers.body.members, [{ value: u }]);
    });

    it('adds members with an Entra-style PATCH (capitalized op, value array): 204 with an ETag', async () => {
      const [a, b] = [await createUser(s, 'entra.a'), await createUser(s, 'entra.b')];
      const g = await createGroup(s, 'Entra');
      const res = await patch(g, { op: 'Add', path: 'members', value: [{ value: a }, { value: b }] });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.equal(res.raw.body, '');
      const got = await s.scim('GET', `/Groups/${g}`);
      assert.equal(res.headers.etag, got.headers.etag);
      assert.deepEqual(sorted(got.body.members.map((m: { value: string }) => m.value)), sorted([a, b]));
    });

    it('adds and removes members the way Okta sends them', async () => {
      const [a, b] = [await createUser(s, 'okta.a'), await createUser(s, 'okta.b')];
      const g = await createGroup(s, 'Okta');
      assert.equal(
        (await patch(g, { op: 'add', path: 'members', value: [{ value: a, display: 'okta.a' }] })).status,
        204,
      );
      assert.equal((await patch(g, { op: 'add', value: { members: [{ value: b }] } })).status, 204, 'path-less add');
      assert.deepEqual(await memberIds(s, g), sorted([a, b]));
      const removed = await patch(g, { op: 'remove', path: `members[value eq "${a}"]` });
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      assert.deepEqual(await memberIds(s, g), [b]);
    });

    it('removes members named by a value array and leaves the others', async () => {
      const [a, b, c] = [await createUser(s, 'rm.a'), await createUser(s, 'rm.b'), await createUser(s, 'rm.c')];
      const g = await createGroup(s, 'RemoveByValue', [a, b, c]);
      const res = await patch(g, { op: 'Remove', path: 'members', value: [{ value: a }, { value: c }] });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.deepEqual(await memberIds(s, g), [b]);
    });

    it('removes members matching a filter that is not just ids: members[type eq "Group"]', async () => {
      const u = await createUser(s, 'filter.user');
      const [g1, g2] = [await createGroup(s, 'Child 1'), await createGroup(s, 'Child 2')];
      const g = await createGroup(s, 'Parent by type', [u, g1, g2]);
      const res = await patch(g, { op: 'remove', path: 'members[type eq "Group"]' });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.deepEqual(await memberIds(s, g), [u]);
      const byDisplay = await patch(g, { op: 'remove', path: 'members[display eq "FILTER.USER"]' });
      assert.equal(byDisplay.status, 204, JSON.stringify(byDisplay.body));
      assert.deepEqual(await memberIds(s, g), [], 'display compares case-insensitively');
    });

    it('removes every member with a remove of "members" and no value', async () => {
      const [a, b] = [await createUser(s, 'all.a'), await createUser(s, 'all.b')];
      const g = await createGroup(s, 'RemoveAll', [a, b]);
      const res = await patch(g, { op: 'remove', path: 'members' });
      assert.equal(res.status, 204);
      const got = await s.scim('GET', `/Groups/${g}`);
      assert.equal(got.body.members, undefined);
      assert.equal(got.body.displayName, 'RemoveAll');
    });

    it('replaces the member list with a replace of "members"', async () => {
      const [a, b, c] = [await createUser(s, 'rep.a'), await createUser(s, 'rep.b'), await createUser(s, 'rep.c')];
      const g = await createGroup(s, 'Replace', [a, b]);
      const res = await patch(g, { op: 'replace', path: 'members', value: [{ value: b }, { value: c }] });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.deepEqual(await memberIds(s, g), sorted([b, c]));
    });

    /** What the newest write request's provisioning log entry says Roster ignored. */
    const lastIgnored = async (): Promise<readonly string[]> => {
      await s.roster.provisioningLog.flush();
      const page = await s.roster.provisioningLog.query({ tenantId: s.tenantId, limit: 20 });
      return page.entries.find((e) => e.method !== 'GET')?.ignored ?? [];
    };

    it('skips a member id that names nothing, applies the rest, and notes the skipped id in the log', async () => {
      const a = await createUser(s, 'known.a');
      const b = await createUser(s, 'known.b');
      const g = await createGroup(s, 'Unknown', [a]);
      const res = await patch(
        g,
        { op: 'replace', path: 'displayName', value: 'Renamed' },
        { op: 'add', path: 'members', value: [{ value: b }, { value: 'no-such-id' }] },
      );
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.deepEqual(
        await memberIds(s, g),
        sorted([a, b]),
        'the known member is added; no dangling member is stored',
      );
      assert.equal((await s.scim('GET', `/Groups/${g}`)).body.displayName, 'Renamed');
      assert.deepEqual(await lastIgnored(), ['members "no-such-id": skipped, no User or Group has this id']);

      // Only unknown ids: nothing changes, not even the version.
      const before = await s.scim('GET', `/Groups/${g}`);
      const none = await patch(g, { op: 'add', path: 'members', value: 'string id 1' });
      assert.equal(none.status, 204, "a bare id string names one member (Microsoft's suite sends it)");
      assert.equal(none.headers.etag, before.headers.etag);
      assert.deepEqual((await s.scim('GET', `/Groups/${g}`)).body, before.body);
      assert.deepEqual(await lastIgnored(), ['members "string id 1": skipped, no User or Group has this id']);

      const created = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Partial',
        members: [{ value: 'nope' }, { value: a }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(
        created.body.members.map((m: { value: string }) => m.value),
        [a],
      );
      assert.deepEqual(await lastIgnored(), ['members "nope": skipped, no User or Group has this id']);
    });

    it('stores a member with the type it is, noting a different declared type; refuses a group as its own member', async () => {
      const u = await createUser(s, 'typed');
      const g = await createGroup(s, 'Typed');
      const wrong = await patch(g, { op: 'add', path: 'members', value: [{ value: u, type: 'Group' }] });
      assert.equal(wrong.status, 204, JSON.stringify(wrong.body));
      const got = await s.scim('GET', `/Groups/${g}`);
      assert.equal(got.body.members[0].type, 'User');
      assert.deepEqual(await lastIgnored(), [`members "${u}": type "Group" ignored, it is a User`]);
      const before = await s.scim('GET', `/Groups/${g}`);
      const self = await patch(g, { op: 'add', path: 'members', value: [{ value: g }] });
      assert.equal(self.status, 400);
      assert.equal(self.body.scimType, 'invalidValue');
      assert.deepEqual((await s.scim('GET', `/Groups/${g}`)).body, before.body);
      const badType = await patch(g, { op: 'add', path: 'members', value: [{ value: u, type: { kind: 'User' } }] });
      assert.equal(badType.status, 400);
      assert.equal(badType.body.scimType, 'invalidValue');
    });

    it('adds the same member twice without duplicating it', async () => {
      const a = await createUser(s, 'twice');
      const g = await createGroup(s, 'Twice', [a]);
      const before = await s.scim('GET', `/Groups/${g}`);
      const again = await patch(g, { op: 'add', path: 'members', value: [{ value: a }] });
      assert.equal(again.status, 204);
      assert.equal(again.headers.etag, before.headers.etag, 'a change that changes nothing keeps the version');
      assert.equal((await patch(g, { op: 'add', path: 'members', value: [{ value: a }, { value: a }] })).status, 204);
      assert.deepEqual(await memberIds(s, g), [a]);
      const dup = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Dup',
        members: [{ value: a }, { value: a }],
      });
      assert.equal(dup.status, 201, JSON.stringify(dup.body));
      assert.equal(dup.body.members.length, 1);
    });

    it('nests a group as a member, shown with type Group and its displayName', async () => {
      const u = await createUser(s, 'nested.user');
      const child = await createGroup(s, 'Nested child', [u]);
      const parent = await createGroup(s, 'Nested parent');
      assert.equal(
        (await patch(parent, { op: 'add', path: 'members', value: [{ value: child, type: 'Group' }] })).status,
        204,
      );
      const got = await s.scim('GET', `/Groups/${parent}`);
      assert.deepEqual(got.body.members, [
        { value: child, $ref: `${BASE}/Groups/${child}`, type: 'Group', display: 'Nested child' },
      ]);
      // Membership is direct: the child's user is not the parent's member.
      const user = await s.scim('GET', `/Users/${u}`);
      assert.deepEqual(
        user.body.groups.map((x: { value: string }) => x.value),
        [child],
      );
    });

    it('removes a deleted user from its groups and gives those groups a new version', async () => {
      const [a, b] = [await createUser(s, 'del.a'), await createUser(s, 'del.b')];
      const g = await createGroup(s, 'DeleteUser', [a, b]);
      const before = await s.scim('GET', `/Groups/${g}`);
      assert.equal((await s.scim('DELETE', `/Users/${a}`)).status, 204);
      const after = await s.scim('GET', `/Groups/${g}`);
      assert.deepEqual(
        after.body.members.map((m: { value: string }) => m.value),
        [b],
      );
      assert.notEqual(after.headers.etag, before.headers.etag);
      assert.equal(after.headers.etag, after.body.meta.version);
    });

    it('removes a deleted group from its parents, and its membership rows with it', async () => {
      const u = await createUser(s, 'delgroup.user');
      const child = await createGroup(s, 'DelGroup child', [u]);
      const parent = await createGroup(s, 'DelGroup parent', [child, u]);
      const before = await s.scim('GET', `/Groups/${parent}`);
      assert.equal((await s.scim('DELETE', `/Groups/${child}`)).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${child}`)).status, 404);
      const after = await s.scim('GET', `/Groups/${parent}`);
      assert.deepEqual(
        after.body.members.map((m: { value: string }) => m.value),
        [u],
      );
      assert.notEqual(after.headers.etag, before.headers.etag);
      const user = await s.scim('GET', `/Users/${u}`);
      assert.deepEqual(
        user.body.groups.map((x: { value: string }) => x.value),
        [parent],
      );
      const filtered = await s.scim('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${child}"`)}`);
      assert.equal(filtered.body.totalResults, 0);
    });

    it("orders a user's groups by name, read alone as listed", async () => {
      const u = await createUser(s, 'ordered.member');
      for (const name of ['Zulu ordered', 'Alpha ordered', 'Mike ordered']) await createGroup(s, name, [u]);
      const got = await s.scim('GET', `/Users/${u}`);
      assert.deepEqual(
        got.body.groups.map((g: { display: string }) => g.display),
        ['Alpha ordered', 'Mike ordered', 'Zulu ordered'],
      );
      const listed = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ordered.member"')}`);
      assert.deepEqual(listed.body.Resources[0].groups, got.body.groups);
      const none = await s.scim('GET', `/Users/${await createUser(s, 'in.no.group')}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.groups, undefined, 'no groups: no attribute, as listed');
    });

    it("lists a user's direct groups in its read-only groups attribute", async () => {
      const u = await createUser(s, 'member.of');
      const g1 = await createGroup(s, 'Alpha', [u]);
      const g2 = await createGroup(s, 'Beta', [u]);
      const got = await s.scim('GET', `/Users/${u}`);
      assert.deepEqual(
        [...got.body.groups].sort((x: { display: string }, y: { display: string }) =>
          x.display.localeCompare(y.display),
        ),
        [
          { value: g1, $ref: `${BASE}/Groups/${g1}`, display: 'Alpha', type: 'direct' },
          { value: g2, $ref: `${BASE}/Groups/${g2}`, display: 'Beta', type: 'direct' },
        ],
      );
      // The attribute is read-only: a PUT that sends it changes nothing.
      const put = await s.scim('PUT', `/Users/${u}`, { schemas: [USER], userName: 'member.of', groups: [] });
      assert.equal(put.status, 200);
      assert.equal(put.body.groups.length, 2);
      const patched = await s.scim(
        'PATCH',
        `/Users/${u}`,
        patchOf({ op: 'add', path: 'groups', value: [{ value: g1 }] }),
      );
      assert.equal(patched.status, 400);
    });

    it('renames a group, keeping its members (Okta sends the id along)', async () => {
      const u = await createUser(s, 'rename.member');
      const g = await createGroup(s, 'Before', [u]);
      const okta = await patch(g, { op: 'replace', value: { id: g, displayName: 'After' } });
      assert.equal(okta.status, 204, JSON.stringify(okta.body));
      let got = await s.scim('GET', `/Groups/${g}`);
      assert.equal(got.body.displayName, 'After');
      assert.deepEqual(
        got.body.members.map((m: { value: string }) => m.value),
        [u],
      );
      const entra = await patch(g, { op: 'Replace', path: 'displayName', value: 'After again' });
      assert.equal(entra.status, 204);
      got = await s.scim('GET', `/Groups/${g}`);
      assert.equal(got.body.displayName, 'After again');
      const user = await s.scim('GET', `/Users/${u}`);
      assert.equal(user.body.groups[0].display, 'After again');
    });

    it('answers a PATCH with the group when attributes are asked for', async () => {
      const u = await createUser(s, 'patch.answer');
      const g = await createGroup(s, 'Answer');
      const res = await s.scim(
        'PATCH',
        `/Groups/${g}?attributes=members,displayName`,
        patchOf({ op: 'add', path: 'members', value: [{ value: u }] }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.displayName, 'Answer');
      assert.deepEqual(
        res.body.members.map((m: { value: string }) => m.value),
        [u],
      );
      assert.equal(res.headers.etag, (await s.scim('GET', `/Groups/${g}`)).headers.etag);
      const excluded = await s.scim(
        'PATCH',
        `/Groups/${g}?excludedAttributes=members`,
        patchOf({ op: 'replace', path: 'displayName', value: 'Answered' }),
      );
      assert.equal(excluded.status, 200);
      assert.equal(excluded.body.members, undefined);
      assert.equal(excluded.body.displayName, 'Answered');
      assert.equal(excluded.headers.etag, excluded.body.meta.version);
    });

    it('replaces the name and the whole member list with PUT', async () => {
      const [a, b, c] = [await createUser(s, 'put.a'), await createUser(s, 'put.b'), await createUser(s, 'put.c')];
      const g = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Put',
        externalId: 'ext-1',
        members: [{ value: a }, { value: b }],
      });
      const put = await s.scim('PUT', `/Groups/${g.body.id}`, {
        schemas: [GROUP],
        displayName: 'Put 2',
        members: [{ value: c }],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, 'Put 2');
      assert.equal(put.body.externalId, undefined, 'PUT replaces: attributes not sent are gone');
      assert.deepEqual(
        put.body.members.map((m: { value: string }) => m.value),
        [c],
      );
      assert.equal(put.body.meta.created, g.body.meta.created);
      assert.equal(put.headers.etag, put.body.meta.version);
      assert.deepEqual(await memberIds(s, g.body.id), [c]);
      const emptied = await s.scim('PUT', `/Groups/${g.body.id}`, { schemas: [GROUP], displayName: 'Put 3' });
      assert.equal(emptied.status, 200);
      assert.equal(emptied.body.members, undefined);
      assert.deepEqual(await memberIds(s, g.body.id), []);
      const stale = await s.scim('PUT', `/Groups/${g.body.id}`, {
        schemas: [GROUP],
        displayName: 'Put 4',
        members: [{ value: 'nobody' }, { value: a }],
      });
      assert.equal(stale.status, 200, 'an unknown member id is skipped, not fatal');
      assert.deepEqual(await memberIds(s, g.body.id), [a]);
      const bad = await s.scim('PUT', `/Groups/${g.body.id}`, {
        schemas: [GROUP],
        displayName: 'Put 5',
        members: [{ value: g.body.id }],
      });
      assert.equal(bad.status, 400);
      assert.equal((await s.scim('GET', `/Groups/${g.body.id}`)).body.displayName, 'Put 4');
    });

    it('answers 404 for a group that does not exist', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { schemas: [GROUP], displayName: 'x' }],
        ['PATCH', patchOf({ op: 'add', path: 'members', value: [{ value: 'x' }] })],
        ['DELETE', undefined],
      ] as const) {
        const res = await s.scim(method, '/Groups/does-not-exist', body);
        assert.equal(res.status, 404, method);
        assert.equal(res.body.status, '404');
      }
    });

    describe('large groups', () => {
      let users: string[];
      before(async () => {
        users = await createUsers(s, 'big', 5100);
      });

      it('returns a group of 3000 members complete, as valid JSON, and filters on its members', async () => {
        const members = users.slice(0, 3000);
        const g = await createGroup(s, 'Three thousand', members);
        const got = await s.scim('GET', `/Groups/${g}`);
        assert.equal(got.status, 200);
        assert.equal(typeof got.body, 'object', 'the body parses as JSON');
        assert.equal(got.body.id, g);
        assert.equal(got.body.meta.resourceType, 'Group');
        assert.equal(got.headers.etag, got.body.meta.version);
        const ids = got.body.members.map((m: { value: string }) => m.value);
        assert.equal(ids.length, 3000);
        assert.deepEqual(sorted(ids), sorted(members));

        const target = members[1234]!;
        for (const filter of [`members[value eq "${target}"]`, `members.value eq "${target}"`]) {
          const list = await s.scim('GET', `/Groups?filter=${encodeURIComponent(filter)}&excludedAttributes=members`);
          assert.equal(list.status, 200, JSON.stringify(list.body));
          assert.equal(list.body.totalResults, 1, filter);
          assert.equal(list.body.Resources[0].id, g);
          assert.equal(list.body.Resources[0].members, undefined);
        }
        const removed = await s.scim(
          'PATCH',
          `/Groups/${g}`,
          patchOf({ op: 'remove', path: `members[value eq "${target}"]` }),
        );
        assert.equal(removed.status, 204);
        assert.equal((await memberIds(s, g)).length, 2999);
      });

      it('streams a group of more than 5000 members across page boundaries', async () => {
        const g = await createGroup(s, 'Five thousand one hundred', users);
        const got = await s.scim('GET', `/Groups/${g}`);
        assert.equal(got.status, 200);
        const ids = got.body.members.map((m: { value: string }) => m.value);
        assert.equal(ids.length, 5100);
        assert.equal(new Set(ids).size, 5100, 'no member repeats across pages');
        assert.deepEqual(sorted(ids), sorted(users));
        assert.equal(got.body.displayName, 'Five thousand one hundred');
        assert.ok(got.body.meta.location.endsWith(g));
        const onlyValues = await s.scim('GET', `/Groups/${g}?attributes=members.value`);
        assert.equal(onlyValues.body.members.length, 5100);
        assert.deepEqual(onlyValues.body.members[0], { value: sorted(users)[0] });

        // A list streams each group's members the same way, beside groups that have none.
        const empty = await createGroup(s, 'Five thousand one hundred and one');
        const filter = encodeURIComponent('displayName sw "Five thousand one hundred"');
        const listed = await s.scim('GET', `/Groups?filter=${filter}&sortBy=displayName`);
        assert.equal(listed.status, 200);
        assert.equal(listed.body.itemsPerPage, 2);
        const [big, none] = listed.body.Resources;
        assert.deepEqual([big.id, none.id], [g, empty]);
        assert.deepEqual(big.members, got.body.members);
        assert.equal(none.members, undefined);
        assert.equal(none.displayName, 'Five thousand one hundred and one');
        const searched = await s.scim('POST', '/Groups/.search', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
          filter: 'displayName sw "Five thousand one hundred"',
          sortBy: 'displayName',
          attributes: ['members.value', 'displayName'],
        });
        assert.equal(searched.body.Resources[0].members.length, 5100);
        assert.deepEqual(searched.body.Resources[0].members[0], { value: sorted(users)[0] });
        assert.deepEqual(searched.body.Resources[1], {
          schemas: [GROUP],
          id: empty,
          displayName: 'Five thousand one hundred and one',
        });
      });
    });

    it('leaves no member behind that was deleted while PATCHes were adding it', async () => {
      const groups = await Promise.all(Array.from({ length: 6 }, (_, i) => createGroup(s, `Racing ${i}`)));
      for (let round = 0; round < 8; round++) {
        const u = await createUser(s, `racing.${round}`);
        const child = await createGroup(s, `Racing child ${round}`);
        const add = patchOf({ op: 'add', path: 'members', value: [{ value: u }, { value: child }] });
        const results = await Promise.all([
          ...groups.map((g) => patch(g, add.Operations[0])),
          s.scim('DELETE', `/Users/${u}`),
          s.scim('DELETE', `/Groups/${child}`),
        ]);
        for (const r of results) assert.ok([204, 400].includes(r.status), `${r.status} ${JSON.stringify(r.body)}`);
      }
      for (const g of groups) {
        const got = await s.scim('GET', `/Groups/${g}`);
        assert.equal(got.body.members, undefined, `${g} still lists ${JSON.stringify(got.body.members)}`);
      }
    });

    it('loses no member when 20 PATCHes add different members at once', async () => {
      const users = await Promise.all(Array.from({ length: 20 }, (_, i) => createUser(s, `concurrent.${i}`)));
      const g = await createGroup(s, 'Concurrent');
      const before = await s.scim('GET', `/Groups/${g}`);
      const results = await Promise.all(
        users.map((u) => patch(g, { op: 'add', path: 'members', value: [{ value: u }] })),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        users.map(() => 204),
      );
      assert.deepEqual(await memberIds(s, g), sorted(users));
      const after = await s.scim('GET', `/Groups/${g}`);
      assert.notEqual(after.headers.etag, before.headers.etag);
      const etags = new Set(results.map((r) => r.headers.etag));
      assert.equal(etags.size, 20, 'each change got its own version');
    });
  });
}
