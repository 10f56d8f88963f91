import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startServer, type ScimResponse, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// RFC 7644 section 3.5.2, through HTTP: what a PATCH changes, and how a bad one is refused.
for (const dialect of await dialects()) {
  describe(`PATCH (${dialect})`, () => {
    let s: TestServer;
    let seq = 0;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    const patch = (type: 'Users' | 'Groups', id: string, operations: unknown[], query = ''): Promise<ScimResponse> =>
      s.scim('PATCH', `/${type}/${id}${query}`, { schemas: [PATCH_OP], Operations: operations });

    /** A fresh user with a work and a home email, a name and a title. */
    async function newUser(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const res = await s.scim('POST', '/Users', {
        schemas: [USER],
        userName: `patch.user.${++seq}`,
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        title: 'Tour Guide',
        emails: [
          { value: `work${seq}@example.com`, type: 'work', primary: true },
          { value: `home${seq}@example.org`, type: 'home' },
        ],
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    async function expectError(res: ScimResponse, scimType: string, detail?: RegExp): Promise<void> {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.status, '400');
      assert.equal(res.body.scimType, scimType, JSON.stringify(res.body));
      assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      if (detail) assert.match(res.body.detail, detail);
    }

    describe('add', () => {
      it('sets attributes from a path-less value and answers 200 with the resource', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'add', value: { nickName: 'Babs', title: 'Boss' } }]);
        assert.equal(res.status, 200);
        assert.match(String(res.headers['content-type']), /^application\/scim\+json/);
        assert.equal(res.body.id, u.id);
        assert.equal(res.body.nickName, 'Babs');
        assert.equal(res.body.title, 'Boss', 'add on a single-valued attribute replaces it');
        assert.equal(res.body.userName, u.userName, 'what the value does not name is kept');
      });

      it('merges a complex value: sub-attributes not given are kept', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'add', path: 'name', value: { middleName: 'Jane' } }]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.name, { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' });
      });

      it('appends to a multi-valued attribute and does not duplicate a value it already holds', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'add', path: 'emails', value: [{ value: 'other@example.net', type: 'other' }] },
          { op: 'add', path: 'emails', value: [{ value: u.emails[0].value.toUpperCase(), type: 'work' }] },
        ]);
        assert.equal(res.status, 200);
        assert.deepEqual(
          res.body.emails.map((e: { value: string }) => e.value),
          [u.emails[0].value, u.emails[1].value, 'other@example.net'],
        );
      });

      it('moves primary to an added value that claims it', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'add', path: 'emails', value: [{ value: 'new@example.net', type: 'other', primary: true }] },
        ]);
        assert.equal(res.status, 200);
        const primaries = res.body.emails.filter((e: { primary?: boolean }) => e.primary === true);
        assert.deepEqual(
          primaries.map((e: { value: string }) => e.value),
          ['new@example.net'],
        );
      });

      it('sets a sub-attribute by its path and an extension attribute by its URN', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'add', path: 'name.honorificPrefix', value: 'Ms.' },
          { op: 'add', path: `${ENTERPRISE}:department`, value: 'Tours' },
        ]);
        assert.equal(res.status, 200);
        assert.equal(res.body.name.honorificPrefix, 'Ms.');
        assert.equal(res.body.name.givenName, 'Barbara');
        assert.equal(res.body[ENTERPRISE].department, 'Tours');
        assert.ok(res.body.schemas.includes(ENTERPRISE), 'schemas lists the extension now present');
      });
    });

    describe('replace', () => {
      it("takes a one-element array given for a single-valued path as its value, as Keycloak's client sends it", async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', path: 'active', value: ['false'] },
          { op: 'replace', path: 'name.givenName', value: ['Barb'] },
          { op: 'replace', path: `${ENTERPRISE}:employeeNumber`, value: ['1002'] },
        ]);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.active, false);
        assert.equal(res.body.name.givenName, 'Barb');
        assert.equal(res.body[ENTERPRISE].employeeNumber, '1002');
      });

      it('replaces one sub-attribute by path (name.givenName) and keeps its siblings', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'replace', path: 'name.givenName', value: 'Babs' }]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.name, { givenName: 'Babs', familyName: 'Jensen' });
      });

      it('replaces a multi-valued attribute as a whole when the path has no filter', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', path: 'emails', value: [{ value: 'only@example.com', type: 'work' }] },
        ]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.emails, [{ value: 'only@example.com', type: 'work' }]);
      });

      it('replaces only the elements a value filter selects: emails[type eq "work"].value', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'changed@example.com' },
        ]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.emails, [
          { value: 'changed@example.com', type: 'work', primary: true },
          { value: u.emails[1].value, type: 'home' },
        ]);
      });

      it('matches the filter case-insensitively on a caseExact-false sub-attribute', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', path: 'EMAILS[TYPE eq "WORK"].VALUE', value: 'caps@example.com' },
        ]);
        assert.equal(res.status, 200);
        assert.equal(res.body.emails[0].value, 'caps@example.com');
        assert.equal(res.body.emails[1].value, u.emails[1].value);
      });

      it('replaces path-less values attribute by attribute, ignoring unknown keys', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', value: { displayName: 'Babs J', favouriteColour: 'blue', 'name.nickname': 'x' } },
        ]);
        assert.equal(res.status, 200);
        assert.equal(res.body.displayName, 'Babs J');
        assert.equal(res.body.favouriteColour, undefined);
        assert.deepEqual(res.body.name, u.name);
      });

      it('merges a complex value: a sub-attribute given null goes, an empty value changes nothing', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', path: 'name', value: { givenName: null, middleName: 'J' } },
        ]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.name, { familyName: 'Jensen', middleName: 'J' });
        const empty = await patch('Users', u.id, [{ op: 'add', path: 'name', value: {} }]);
        assert.equal(empty.status, 200);
        assert.deepEqual(empty.body.name, { familyName: 'Jensen', middleName: 'J' });
        assert.equal(empty.headers.etag, res.headers.etag);
      });

      it('removes an attribute replaced with null', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'replace', path: 'title', value: null }]);
        assert.equal(res.status, 200);
        assert.equal(res.body.title, undefined);
      });

      it('accepts the id the resource already has, as some IdPs send it along', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'replace', value: { id: u.id, title: 'Same id' } }]);
        assert.equal(res.status, 200);
        assert.equal(res.body.title, 'Same id');
        assert.equal(res.body.id, u.id);
      });
    });

    describe('remove', () => {
      it('removes an attribute by path', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'remove', path: 'title' }]);
        assert.equal(res.status, 200);
        assert.equal(res.body.title, undefined);
        assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.title, undefined);
      });

      it('removes a sub-attribute and leaves the rest of the complex value', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'remove', path: 'name.givenName' }]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.name, { familyName: 'Jensen' });
      });

      it('removes only the elements a filter selects', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'remove', path: 'emails[type eq "home"]' }]);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.emails, [u.emails[0]]);
      });

      it('removes every value of a multi-valued attribute given without filter', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [{ op: 'remove', path: 'emails' }]);
        assert.equal(res.status, 200);
        assert.equal(res.body.emails, undefined);
      });

      it('removes a whole extension named by its URN', async () => {
        const u = await newUser({ schemas: [USER, ENTERPRISE], [ENTERPRISE]: { department: 'Sales' } });
        const res = await patch('Users', u.id, [{ op: 'remove', path: ENTERPRISE }]);
        assert.equal(res.status, 200);
        assert.equal(res.body[ENTERPRISE], undefined);
        assert.deepEqual(res.body.schemas, [USER]);
      });

      it('refuses a remove without a path: 400 noTarget', async () => {
        const u = await newUser();
        await expectError(await patch('Users', u.id, [{ op: 'remove' }]), 'noTarget');
        await expectError(await patch('Users', u.id, [{ op: 'remove', value: { title: 'x' } }]), 'noTarget');
      });

      it('refuses to remove a required attribute: 400 mutability', async () => {
        const u = await newUser();
        await expectError(await patch('Users', u.id, [{ op: 'remove', path: 'userName' }]), 'mutability', /userName/);
      });
    });

    describe('readOnly attributes', () => {
      it('refuses to change id, meta or groups: 400 mutability', async () => {
        const u = await newUser();
        const cases: unknown[][] = [
          [{ op: 'replace', path: 'id', value: 'another-id' }],
          [{ op: 'replace', path: 'meta.created', value: '2001-01-01T00:00:00Z' }],
          [{ op: 'add', path: 'groups', value: [{ value: u.id }] }],
        ];
        for (const operations of cases) {
          await expectError(await patch('Users', u.id, operations), 'mutability');
        }
        const got = await s.scim('GET', `/Users/${u.id}`);
        assert.equal(got.body.id, u.id);
        assert.equal(got.body.meta.created, u.meta.created);
        assert.equal(got.headers.etag, u.meta.version);
      });
    });

    // Each kind of refusal once, through HTTP; test/scim/patch/apply-patch.test.ts has the
    // full lists of cases.
    describe('bad requests', () => {
      it('refuses an unknown attribute path: 400 invalidPath naming it', async () => {
        const u = await newUser();
        const paths = ['name.nickname', `${ENTERPRISE}:shoeSize`];
        for (const path of paths) {
          await expectError(await patch('Users', u.id, [{ op: 'replace', path, value: 'x' }]), 'invalidPath');
        }
        const res = await patch('Users', u.id, [{ op: 'add', path: 'favouriteColour', value: 'x' }]);
        assert.match(res.body.detail, /favouriteColour/);
      });

      it('refuses a malformed path: 400 invalidPath', async () => {
        const u = await newUser();
        const paths = ['', 'emails[type eq "work"', 'title[value eq "x"]'];
        for (const path of paths) {
          await expectError(await patch('Users', u.id, [{ op: 'replace', path, value: 'x' }]), 'invalidPath');
        }
        await expectError(await patch('Users', u.id, [{ op: 'replace', path: 42, value: 'x' }]), 'invalidPath');
      });

      it('refuses an unknown or missing op: 400 invalidSyntax', async () => {
        const u = await newUser();
        for (const op of ['copy', undefined]) {
          await expectError(await patch('Users', u.id, [{ op, path: 'title', value: 'x' }]), 'invalidSyntax');
        }
      });

      it('refuses a body that is no PatchOp message: 400 invalidSyntax', async () => {
        const u = await newUser();
        const ops = [{ op: 'replace', path: 'title', value: 'x' }];
        const bodies: unknown[] = [
          { Operations: ops },
          { schemas: [PATCH_OP], Operations: [] },
          [ops],
          'null',
          '{"schemas": [',
        ];
        for (const body of bodies) {
          const res = await s.scim('PATCH', `/Users/${u.id}`, body);
          await expectError(res, 'invalidSyntax');
        }
      });

      it('refuses a value of the wrong type: 400 invalidValue', async () => {
        const u = await newUser();
        const cases: unknown[] = [
          { op: 'replace', path: 'active', value: 'maybe' },
          { op: 'replace', path: 'emails[type eq "work"].primary', value: 'often' },
          { op: 'replace', value: 'active' },
        ];
        for (const operation of cases) {
          await expectError(await patch('Users', u.id, [operation]), 'invalidValue');
        }
      });

      it('refuses text with a NUL character on both backends, and finds no id with one', async () => {
        const u = await newUser();
        await expectError(
          await patch('Users', u.id, [{ op: 'replace', path: 'title', value: 'a\u0000b' }]),
          'invalidValue',
          /NUL/,
        );
        await expectError(
          await patch('Users', u.id, [{ op: 'replace', value: { 'name.givenName': '\u0000' } }]),
          'invalidValue',
        );
        const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: `nul.${seq}` });
        await expectError(
          await patch('Groups', g.body.id, [{ op: 'add', path: 'members', value: [{ value: 'x\u0000' }] }]),
          'invalidValue',
        );
        const removed = await patch('Groups', g.body.id, [{ op: 'remove', path: 'members[value eq "x\\u0000"]' }]);
        assert.equal(removed.status, 204);
        const missing = await s.scim('GET', '/Users/a%00b');
        assert.equal(missing.status, 404);
        const post = await s.scim('POST', '/Users', { schemas: [USER], userName: 'nul\u0000name' });
        await expectError(post, 'invalidValue');
      });

      it('answers 404 for a PATCH of an unknown resource', async () => {
        const res = await patch('Users', '00000000-0000-0000-0000-000000000000', [
          { op: 'replace', path: 'title', value: 'x' },
        ]);
        assert.equal(res.status, 404);
        assert.equal(res.body.status, '404');
      });

      it('never answers 500 to odd operations', async () => {
        const u = await newUser();
        const odd: unknown[] = [
          { op: 'add', path: 'emails[type eq "work"]', value: [{ value: 'a@b.c' }, { value: 'd@e.f' }] },
          { op: 'replace', path: 'emails[value pr].type', value: 'x' },
          { op: 'remove', path: 'emails[type eq "nope"]' },
          { op: 'replace', path: 'emails[not (type eq "work")].display', value: 'x' },
          { op: 'add', value: JSON.parse('{"__proto__": {"admin": true}, "constructor": 1, "toString": "x"}') },
          { op: 'add', path: '__proto__', value: { admin: true } },
          { op: 'add', path: 'name.__proto__', value: 'x' },
          { op: 'add', path: 'name', value: JSON.parse('{"__proto__": {"givenName": "p"}}') },
          { op: 'add', value: { 'emails[type eq "x"].value': 'x@example.com' } },
          { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', value: 'Core' },
          { op: 'replace', path: 'x509Certificates', value: [{ value: 'not base64!' }] },
          { op: 'replace', path: 'emails[type eq "work" and value co "@"].value', value: 'y@example.com' },
          { op: 'add', path: 'emails', value: null },
          { op: 'replace', value: {} },
        ];
        for (const operation of odd) {
          const res = await patch('Users', u.id, [operation]);
          assert.ok(res.status === 200 || res.status === 400, `${JSON.stringify(operation)}: ${res.status}`);
        }
        assert.equal(({} as Record<string, unknown>)['admin'], undefined, 'no prototype was polluted');
        assert.equal((await s.scim('GET', `/Users/${u.id}`)).body.admin, undefined);
      });
    });

    describe('atomicity and versions', () => {
      it('changes nothing when one of several operations fails', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'add', path: 'emails', value: [{ value: 'added@example.com' }] },
          { op: 'remove', path: 'name.givenName' },
          { op: 'replace', path: 'active', value: 'perhaps' },
        ]);
        await expectError(res, 'invalidValue', /^Operations\[3\]: /);
        const got = await s.scim('GET', `/Users/${u.id}`);
        assert.equal(got.body.title, 'Tour Guide');
        assert.equal(got.body.emails.length, 2);
        assert.equal(got.body.name.givenName, 'Barbara');
        assert.equal(got.headers.etag, u.meta.version);
        assert.equal(got.body.meta.lastModified, u.meta.lastModified);
      });

      it('gives a new ETag after a PATCH and refuses a stale If-Match with 412', async () => {
        const u = await newUser();
        const first = await patch('Users', u.id, [{ op: 'replace', path: 'title', value: 'One' }]);
        assert.equal(first.status, 200);
        assert.notEqual(first.headers.etag, u.meta.version);
        assert.equal(first.headers.etag, first.body.meta.version);
        const stale = await s.scim(
          'PATCH',
          `/Users/${u.id}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Two' }] },
          { 'if-match': u.meta.version },
        );
        assert.equal(stale.status, 412);
        const fresh = await s.scim(
          'PATCH',
          `/Users/${u.id}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Two' }] },
          { 'if-match': first.headers.etag as string },
        );
        assert.equal(fresh.status, 200);
        assert.equal(fresh.body.title, 'Two');
        assert.notEqual(fresh.headers.etag, first.headers.etag);
      });

      it('keeps ETag and lastModified when a PATCH changes nothing', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'add', path: 'emails', value: [{ value: u.emails[0].value, type: 'work' }] },
          { op: 'replace', path: 'title', value: 'Tour Guide' },
          { op: 'replace', value: { name: { givenName: 'Barbara' } } },
          { op: 'remove', path: 'nickName' },
        ]);
        assert.equal(res.status, 200);
        assert.equal(res.headers.etag, u.meta.version);
        assert.equal(res.body.meta.lastModified, u.meta.lastModified);
        assert.deepEqual(res.body.emails, u.emails);
      });

      it('loses no change when PATCHes of one user run concurrently', async () => {
        const u = await newUser();
        const results = await Promise.all(
          [1, 2, 3, 4, 5].map((i) =>
            patch('Users', u.id, [
              { op: 'add', path: 'emails', value: [{ value: `c${i}@example.com`, type: 'other' }] },
            ]),
          ),
        );
        assert.deepEqual(
          results.map((r) => r.status),
          [200, 200, 200, 200, 200],
        );
        const got = await s.scim('GET', `/Users/${u.id}`);
        assert.equal(got.body.emails.length, 7);
        assert.equal(got.headers.etag, 'W/"6"');
      });

      it('applies operations in order: a later one sees an earlier one', async () => {
        const u = await newUser();
        const res = await patch('Users', u.id, [
          { op: 'remove', path: 'userName' },
          { op: 'add', path: 'userName', value: `reborn.${seq}` },
          { op: 'add', path: 'emails[type eq "other"].value', value: 'other@example.com' },
          { op: 'replace', path: 'emails[type eq "other"].display', value: 'Other' },
        ]);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.userName, `reborn.${seq}`);
        assert.deepEqual(res.body.emails[2], { value: 'other@example.com', type: 'other', display: 'Other' });
      });
    });

    describe('groups', () => {
      async function newGroup(members: string[] = []): Promise<Record<string, any>> {
        const res = await s.scim('POST', '/Groups', {
          schemas: [GROUP],
          displayName: `patch.group.${++seq}`,
          members: members.map((value) => ({ value })),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body;
      }
      const memberIds = async (id: string): Promise<string[]> => {
        const got = await s.scim('GET', `/Groups/${id}`);
        return (got.body.members ?? []).map((m: { value: string }) => m.value).sort();
      };

      it('answers 204 with a new ETag, and 200 with the resource when attributes are asked for', async () => {
        const g = await newGroup();
        const res = await patch('Groups', g.id, [{ op: 'replace', path: 'displayName', value: `renamed.${seq}` }]);
        assert.equal(res.status, 204);
        assert.equal(res.raw.body, '');
        assert.ok(res.headers.etag);
        assert.notEqual(res.headers.etag, g.meta.version);
        const withBody = await patch(
          'Groups',
          g.id,
          [{ op: 'replace', path: 'externalId', value: 'ext-1' }],
          '?attributes=displayName,externalId',
        );
        assert.equal(withBody.status, 200);
        assert.equal(withBody.body.displayName, `renamed.${seq}`);
        assert.equal(withBody.body.externalId, 'ext-1');
        assert.equal(withBody.body.id, g.id);
        assert.equal(withBody.headers.etag, withBody.body.meta?.version ?? withBody.headers.etag);
      });

      it('adds, replaces and removes members as rows', async () => {
        const a = await newUser();
        const b = await newUser();
        const c = await newUser();
        const g = await newGroup([a.id]);
        assert.equal(
          (await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: b.id }] }])).status,
          204,
        );
        assert.deepEqual(await memberIds(g.id), [a.id, b.id].sort());
        assert.equal(
          (await patch('Groups', g.id, [{ op: 'replace', path: 'members', value: [{ value: c.id }] }])).status,
          204,
        );
        assert.deepEqual(await memberIds(g.id), [c.id]);
        assert.equal((await patch('Groups', g.id, [{ op: 'remove', path: 'members' }])).status, 204);
        assert.deepEqual(await memberIds(g.id), []);
        const user = await s.scim('GET', `/Users/${c.id}`);
        assert.equal(user.body.groups, undefined, 'a removed member no longer lists the group');
      });

      it("shows a new membership in the user's groups", async () => {
        const u = await newUser();
        const g = await newGroup();
        await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: u.id }] }]);
        const got = await s.scim('GET', `/Users/${u.id}`);
        assert.deepEqual(
          got.body.groups.map((x: { value: string }) => x.value),
          [g.id],
        );
      });

      it('keeps the ETag when a group PATCH changes nothing: same name, member re-added or absent', async () => {
        const a = await newUser();
        const b = await newUser();
        const g = await newGroup([a.id]);
        const operations: unknown[][] = [
          [{ op: 'replace', path: 'displayName', value: g.displayName }],
          [{ op: 'add', path: 'members', value: [{ value: a.id }] }],
          [{ op: 'remove', path: 'members', value: [{ value: b.id }] }],
          [{ op: 'remove', path: `members[value eq "${b.id}"]` }],
          [{ op: 'remove', path: 'members[type eq "Group"]' }],
          [{ op: 'replace', value: { id: g.id, displayName: g.displayName } }],
        ];
        for (const ops of operations) {
          const res = await patch('Groups', g.id, ops);
          assert.equal(res.status, 204, JSON.stringify(res.body));
          assert.equal(res.headers.etag, g.meta.version, JSON.stringify(ops));
        }
        const got = await s.scim('GET', `/Groups/${g.id}`);
        assert.equal(got.body.meta.lastModified, g.meta.lastModified);
        assert.deepEqual(await memberIds(g.id), [a.id]);
        const changed = await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: b.id }] }]);
        assert.equal(changed.headers.etag, 'W/"2"');
      });

      it('removes the members a filter other than value eq selects', async () => {
        const a = await newUser();
        const b = await newUser();
        const inner = await newGroup();
        const g = await newGroup([a.id, b.id, inner.id]);
        assert.equal((await patch('Groups', g.id, [{ op: 'remove', path: 'members[type eq "Group"]' }])).status, 204);
        assert.deepEqual(await memberIds(g.id), [a.id, b.id].sort());
        const res = await patch('Groups', g.id, [{ op: 'remove', path: `members[not (value eq "${a.id}")]` }]);
        assert.equal(res.status, 204);
        assert.deepEqual(await memberIds(g.id), [a.id]);
      });

      it('loses no member when member PATCHes of one group run concurrently', async () => {
        const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newUser()));
        const g = await newGroup();
        const results = await Promise.all(
          users.map((u) => patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: u.id }] }])),
        );
        assert.ok(results.every((r) => r.status === 204));
        assert.deepEqual(await memberIds(g.id), users.map((u) => u.id).sort());
        assert.equal((await s.scim('GET', `/Groups/${g.id}`)).headers.etag, 'W/"7"');
      });

      it('skips a member id that does not exist and applies the rest of the request', async () => {
        const a = await newUser();
        const g = await newGroup([a.id]);
        const res = await patch('Groups', g.id, [
          { op: 'replace', path: 'displayName', value: 'applied' },
          { op: 'remove', path: 'members' },
          { op: 'add', path: 'members', value: [{ value: 'no-such-id' }] },
        ]);
        assert.equal(res.status, 204, JSON.stringify(res.body));
        const got = await s.scim('GET', `/Groups/${g.id}`);
        assert.equal(got.body.displayName, 'applied');
        assert.deepEqual(await memberIds(g.id), []);
      });

      it('refuses changes to member sub-attributes and malformed members: 400', async () => {
        const a = await newUser();
        const g = await newGroup([a.id]);
        await expectError(
          await patch('Groups', g.id, [{ op: 'replace', path: `members[value eq "${a.id}"].display`, value: 'x' }]),
          'mutability',
        );
        await expectError(
          await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ display: 'x' }] }]),
          'invalidValue',
        );
        await expectError(
          await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: a.id, type: ['User'] }] }]),
          'invalidValue',
        );
        await expectError(
          await patch('Groups', g.id, [{ op: 'add', path: 'members', value: [{ value: g.id }] }]),
          'invalidValue',
        );
        await expectError(await patch('Groups', g.id, [{ op: 'remove', path: 'displayName' }]), 'mutability');
        assert.deepEqual(await memberIds(g.id), [a.id]);
      });
    });
  });
}
