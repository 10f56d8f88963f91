import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';

// The request sequence of Okta's SCIM 2.0 provisioning, with the shapes its public SCIM
// documentation shows: lookups with startIndex=1&count=100, profile updates by PUT,
// deactivation by a path-less replace, and Group Push (POST with members, rename by a
// path-less replace that carries the group's own id, members[value eq "..."] removal).

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const userNameQuery = (userName: string): string =>
  `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;

for (const dialect of await dialects()) {
  // Each describe below starts its own server in `before`; suites of a file run one by one.
  let s: TestServer;
  let seq = 0;
  const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[]): Promise<ScimResponse> =>
    s.scim('PATCH', `/${type}/${id}`, { schemas: [PATCH_OP], Operations: operations });

  /** A user as Okta sends it on creation: password, locale, an Okta externalId and an empty groups. */
  function oktaUser(login: string): Record<string, unknown> {
    return {
      schemas: [USER],
      userName: login,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: login, type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: `00ujl29u0le5T6Aj${seq}h7`,
      groups: [],
      password: '1mz050nq',
      active: true,
    };
  }
  async function createUser(): Promise<Record<string, any>> {
    const res = await s.scim('POST', '/Users', oktaUser(`okta.user.${++seq}@okta.local`));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  describe(`Okta: users (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'okta');
    });
    after(() => s.close());

    it('looks a user up by userName with startIndex=1&count=100: none, then the created one', async () => {
      const login = `test.user.${dialect}@okta.local`;
      const none = await s.scim('GET', userNameQuery(login));
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      assert.deepEqual(none.body.Resources, []);
      assert.equal(none.body.startIndex, 1);

      const created = await s.scim('POST', '/Users', oktaUser(login));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const one = await s.scim('GET', userNameQuery(login));
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.itemsPerPage, 1);
      assert.equal(one.body.Resources[0].id, created.body.id);
    });

    it('creates a user: 201, active true, without password or groups in the answer', async () => {
      const login = `okta.create.${++seq}@okta.local`;
      const res = await s.scim('POST', '/Users', oktaUser(login));
      assert.equal(res.status, 201);
      assert.equal(res.body.active, true);
      assert.equal(res.body.userName, login);
      assert.equal(res.body.locale, 'en-US');
      assert.equal(res.body.displayName, 'Test User');
      assert.deepEqual(res.body.name, { givenName: 'Test', familyName: 'User' });
      assert.equal(res.body.password, undefined);
      assert.equal(res.body.groups, undefined);
      assert.equal(res.headers.location, `https://roster.test/scim/v2/Users/${res.body.id}`);
    });

    it('reads a user by id', async () => {
      const u = await createUser();
      const res = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.id, u.id);
      assert.equal(res.body.userName, u.userName);
      assert.deepEqual(res.body.emails, u.emails);
      assert.equal(res.headers.etag, u.meta.version);
    });

    it('updates a profile with PUT of the whole user, as Okta does', async () => {
      const u = await createUser();
      const put = await s.scim('PUT', `/Users/${u.id}`, {
        schemas: [USER],
        id: u.id,
        userName: u.userName,
        name: { givenName: 'Another', familyName: 'User' },
        emails: [{ primary: true, value: u.userName, type: 'work' }],
        displayName: 'Another User',
        locale: 'en-US',
        externalId: u.externalId,
        groups: [],
        active: true,
        meta: { resourceType: 'User', created: '2001-01-01T00:00:00Z' },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.id, u.id);
      assert.deepEqual(put.body.name, { givenName: 'Another', familyName: 'User' });
      assert.equal(put.body.displayName, 'Another User');
      assert.equal(put.body.meta.created, u.meta.created, 'meta in a PUT is ignored');
      assert.notEqual(put.headers.etag, u.meta.version);
      const got = await s.scim('GET', `/Users/${u.id}`);
      assert.equal(got.body.name.givenName, 'Another');
    });

    it('deactivates with a path-less replace of active false, then reactivates', async () => {
      const u = await createUser();
      const off = await patch('Users', u.id, [{ op: 'replace', value: { active: false } }]);
      assert.equal(off.status, 200);
      assert.equal(off.body.active, false);
      assert.equal(off.body.userName, u.userName);
      const listed = await s.scim('GET', userNameQuery(u.userName));
      assert.equal(listed.body.Resources[0].active, false, 'a deactivated user is still found');
      const on = await patch('Users', u.id, [{ op: 'replace', value: { active: true } }]);
      assert.equal(on.status, 200);
      assert.equal(on.body.active, true);
    });

    it('finds the one user with an upper-cased userName: userName is case-insensitive', async () => {
      const u = await createUser();
      const res = await s.scim('GET', userNameQuery(String(u.userName).toUpperCase()));
      assert.equal(res.status, 200);
      assert.equal(res.body.totalResults, 1);
      assert.equal(res.body.Resources[0].id, u.id);
      assert.equal(res.body.Resources[0].userName, u.userName, 'the stored case is kept');
    });
  });

  describe(`Okta: group push (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'okta');
    });
    after(() => s.close());

    const memberIds = async (id: string): Promise<string[]> => {
      const got = await s.scim('GET', `/Groups/${id}`);
      assert.equal(got.status, 200);
      return (got.body.members ?? []).map((m: { value: string }) => m.value).sort();
    };
    async function pushGroup(members: Record<string, any>[]): Promise<Record<string, any>> {
      const res = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: `Test SCIMv2 ${++seq}`,
        members: members.map((m) => ({ value: m.id, display: m.userName })),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    it('pushes a group with its members: 201 with the members', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const g = await pushGroup([a, b]);
      assert.equal(g.displayName, `Test SCIMv2 ${seq}`);
      assert.deepEqual(g.members.map((m: { value: string }) => m.value).sort(), [a.id, b.id].sort());
      // display is read-only: the server shows the member's displayName, not what Okta sent.
      assert.ok(
        g.members.every((m: { display?: string; type?: string }) => m.display === 'Test User' && m.type === 'User'),
      );
      const got = await s.scim('GET', `/Groups/${g.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.displayName, g.displayName);
    });

    it("renames a group with a path-less replace that carries the group's own id", async () => {
      const g = await pushGroup([]);
      const res = await patch('Groups', g.id, [{ op: 'replace', value: { id: g.id, displayName: 'New Name' } }]);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const got = await s.scim('GET', `/Groups/${g.id}`);
      assert.equal(got.body.displayName, 'New Name');
      assert.equal(got.body.id, g.id);
      const otherId = await patch('Groups', g.id, [{ op: 'replace', value: { id: 'another-id', displayName: 'X' } }]);
      assert.equal(otherId.status, 400);
      assert.equal(otherId.body.scimType, 'mutability');
      assert.equal((await s.scim('GET', `/Groups/${g.id}`)).body.displayName, 'New Name');
    });

    it('adds members with display and removes one with members[value eq "..."]', async () => {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const g = await pushGroup([a]);
      const add = await patch('Groups', g.id, [
        {
          op: 'add',
          path: 'members',
          value: [
            { value: b.id, display: b.userName },
            { value: c.id, display: c.userName },
          ],
        },
      ]);
      assert.equal(add.status, 204);
      assert.deepEqual(await memberIds(g.id), [a.id, b.id, c.id].sort());
      const remove = await patch('Groups', g.id, [{ op: 'remove', path: `members[value eq "${a.id}"]` }]);
      assert.equal(remove.status, 204);
      assert.deepEqual(await memberIds(g.id), [b.id, c.id].sort());
      const user = await s.scim('GET', `/Users/${b.id}`);
      assert.deepEqual(
        user.body.groups.map((x: { value: string }) => x.value),
        [g.id],
      );
    });

    it('replaces a group and its whole member list with PUT', async () => {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const g = await pushGroup([a, b]);
      const put = await s.scim('PUT', `/Groups/${g.id}`, {
        schemas: [GROUP],
        id: g.id,
        displayName: 'Test SCIMv2 replaced',
        members: [
          { value: b.id, display: b.userName },
          { value: c.id, display: c.userName },
        ],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.displayName, 'Test SCIMv2 replaced');
      assert.deepEqual(await memberIds(g.id), [b.id, c.id].sort());
      assert.equal((await s.scim('GET', `/Users/${a.id}`)).body.groups, undefined);
      const empty = await s.scim('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: 'Emptied', members: [] });
      assert.equal(empty.status, 200);
      assert.deepEqual(await memberIds(g.id), []);
    });

    it('deletes a pushed group: 204, then 404', async () => {
      const a = await createUser();
      const g = await pushGroup([a]);
      assert.equal((await s.scim('DELETE', `/Groups/${g.id}`)).status, 204);
      const got = await s.scim('GET', `/Groups/${g.id}`);
      assert.equal(got.status, 404);
      assert.equal(got.body.status, '404');
      assert.equal((await s.scim('GET', `/Users/${a.id}`)).status, 200, 'its members stay');
    });
  });

  describe(`Okta: errors (${dialect})`, () => {
    before(async () => {
      s = await startServer(dialect, 'okta');
    });
    after(() => s.close());

    it('answers an unknown id with 404 and "status": "404" on every method', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const requests: [string, string, unknown][] = [
        ['GET', `/Users/${id}`, undefined],
        ['PUT', `/Users/${id}`, { schemas: [USER], userName: 'ghost@okta.local' }],
        ['PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }],
        ['DELETE', `/Users/${id}`, undefined],
        ['GET', `/Groups/${id}`, undefined],
        ['PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'ghost' }],
        [
          'PATCH',
          `/Groups/${id}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { displayName: 'x' } }] },
        ],
        ['DELETE', `/Groups/${id}`, undefined],
      ];
      for (const [method, path, body] of requests) {
        const res = await s.scim(method, path, body);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.status, '404');
        assert.deepEqual(res.body.schemas, [ERROR]);
        assert.match(String(res.headers['content-type']), /^application\/scim\+json/);
      }
    });

    it('answers a bad token with 401 and "status": "401"', async () => {
      const res = await s.scim('GET', userNameQuery('x@okta.local'), undefined, {
        authorization: 'Bearer not-a-token',
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.status, '401');
      assert.deepEqual(res.body.schemas, [ERROR]);
      const post = await s.scim('POST', '/Users', oktaUser('blocked@okta.local'), { authorization: 'Bearer nope' });
      assert.equal(post.status, 401);
      assert.equal((await s.scim('GET', userNameQuery('blocked@okta.local'))).body.totalResults, 0);
    });
  });
}
