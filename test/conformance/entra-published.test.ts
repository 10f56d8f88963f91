import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';
import * as published from './published/entra-tutorial.ts';
import type { PublishedRequest } from './published/entra-tutorial.ts';

// Microsoft's own published request examples for the Entra provisioning service, replayed
// with their bodies exactly as printed (test/conformance/published/entra-tutorial.ts names
// the page and section of each). Only ids in request paths are replaced by real ones; where
// a body names a placeholder id, it is replayed as printed and then with a real id.

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

for (const dialect of await dialects()) {
  describe(`Entra ID: Microsoft's published requests (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect, 'entra');
    });
    after(() => s.close());

    /** Sends a published request; `id` replaces the path's placeholder id, `body` a body edited from the published one. */
    const replay = (req: PublishedRequest, options: { id?: string; body?: string } = {}): Promise<ScimResponse> => {
      let path = req.path;
      if (options.id !== undefined) path = path.replace(/^\/(Users|Groups)\/[^/?]+/, `/$1/${options.id}`);
      const body = options.body ?? req.body;
      return s.scim(
        req.method,
        encodeURI(path),
        body,
        body === undefined ? {} : { 'content-type': 'application/scim+json' },
      );
    };
    const read = async (type: 'Users' | 'Groups', id: string): Promise<Record<string, any>> => {
      const res = await s.scim('GET', `/${type}/${id}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const newUser = async (userName: string): Promise<string> => {
      const res = await s.scim('POST', '/Users', { schemas: [USER], userName });
      assert.equal(res.status, 201);
      return res.body.id;
    };
    const memberIds = async (id: string): Promise<string[]> =>
      ((await read('Groups', id)).members ?? []).map((m: { value: string }) => m.value).sort();

    it(`follows a user's life as the tutorial's User Operations print it (${published.TUTORIAL})`, async () => {
      const none = await replay(published.getUserByQuery);
      assert.equal(none.status, 200);
      assert.deepEqual(none.body.schemas, [LIST]);
      assert.equal(none.body.totalResults, 0);

      const created = await replay(published.createUser);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      assert.equal(created.body.userName, 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
      assert.equal(created.body.externalId, '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef');
      assert.deepEqual(created.body.emails, [
        { primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' },
      ]);
      assert.equal(created.body.meta.resourceType, 'User');

      const one = await replay(published.getUserByQuery);
      assert.equal(one.body.totalResults, 1);
      assert.equal(one.body.Resources[0].id, id);
      assert.equal((await replay(published.getUser, { id })).body.id, id);
      const missing = await replay(published.getUserNotFound);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.status, '404');
      assert.equal((await replay(published.getUserByQueryZeroResults)).body.totalResults, 0);

      assert.equal((await replay(published.updateUserMultiValued, { id })).status, 204);
      const updated = await read('Users', id);
      assert.deepEqual(updated.emails, [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }]);
      assert.equal(updated.name.familyName, 'updatedFamilyName');
      assert.equal(updated.name.givenName, 'givenName');

      assert.equal((await replay(published.updateUserSingleValued, { id })).status, 204);
      assert.equal((await read('Users', id)).userName, '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');

      assert.equal((await replay(published.disableUser, { id })).status, 204);
      assert.equal((await read('Users', id)).active, false);

      assert.equal((await replay(published.deleteUser, { id })).status, 204);
      assert.equal((await s.scim('GET', `/Users/${id}`)).status, 404);
    });

    it("provisions, updates and deprovisions a user as the tutorial's Examples 1 to 6 print it", async () => {
      const none = await replay(published.queryByExternalId);
      assert.equal(none.status, 200, JSON.stringify(none.body));
      assert.equal(none.body.totalResults, 0);

      // The misspelled extension URN (no colon before "User") and the nulls are harmless.
      const created = await replay(published.provisionUser);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      assert.deepEqual(created.body.schemas, [USER]);
      assert.equal(created.body.displayName, 'Joy Young');
      assert.equal(created.body.title, undefined);

      const found = await replay(published.queryByExternalId);
      assert.equal(found.body.totalResults, 1);
      assert.equal(found.body.Resources[0].id, id);
      assert.equal((await replay(published.queryUserState, { id })).body.userName, 'jyoung@testuser.com');

      // "path": "manager" names the enterprise extension's manager, the only manager there is.
      assert.equal((await replay(published.updateManager, { id })).status, 204);
      assert.deepEqual((await read('Users', id))[ENTERPRISE], {
        manager: {
          $ref: `http://.../scim/Users/${published.PUBLISHED_MANAGER_ID}`,
          value: published.PUBLISHED_MANAGER_ID,
        },
      });
      const manager = await newUser(`manager-of-jyoung-${dialect}`);
      const body = published.updateManager.body!.replaceAll(published.PUBLISHED_MANAGER_ID, manager);
      assert.equal((await replay(published.updateManager, { id, body })).status, 204);
      assert.equal((await read('Users', id))[ENTERPRISE].manager.value, manager);

      assert.equal((await replay(published.deprovisionUser, { id })).status, 204);
      assert.equal((await replay(published.queryByExternalId)).body.totalResults, 0);
    });

    it("creates and changes a group as the tutorial's Group Operations print it, ADSCIM schema URI included", async () => {
      const created = await replay(published.createGroup);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      assert.deepEqual(created.body.schemas, [GROUP], 'the ADSCIM URI is ignored, not echoed');
      assert.equal(created.body.externalId, '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159');
      assert.equal(created.body.displayName, 'displayName');

      const got = await replay(published.getGroup, { id });
      assert.equal(got.status, 200);
      assert.equal(got.body.members, undefined);
      const byName = await replay(published.getGroupByDisplayName);
      assert.equal(byName.body.totalResults, 1);
      assert.equal(byName.body.Resources[0].id, id);

      // The printed member id names nobody here: it is skipped, and the request succeeds.
      assert.equal((await replay(published.addMembers, { id })).status, 204);
      assert.deepEqual(await memberIds(id), []);
      const user = await newUser(`member-${dialect}`);
      const withUser = (req: PublishedRequest) => req.body!.replaceAll(published.PUBLISHED_MEMBER_ID, user);
      assert.equal((await replay(published.addMembers, { id, body: withUser(published.addMembers) })).status, 204);
      assert.deepEqual(await memberIds(id), [user]);
      assert.equal(
        (await replay(published.removeMembers, { id, body: withUser(published.removeMembers) })).status,
        204,
      );
      assert.deepEqual(await memberIds(id), []);

      assert.equal((await replay(published.updateGroupNonMember, { id })).status, 204);
      assert.equal((await read('Groups', id)).displayName, '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName');

      assert.equal((await replay(published.deleteGroup, { id })).status, 204);
      assert.equal((await s.scim('GET', `/Groups/${id}`)).status, 404);
    });

    it("answers the tutorial's schema discovery request with User, Group and the enterprise extension", async () => {
      const res = await replay(published.discoverSchema);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.schemas, [LIST]);
      const ids = res.body.Resources.map((r: { id: string }) => r.id);
      for (const urn of [USER, GROUP, ENTERPRISE]) assert.ok(ids.includes(urn), urn);
    });

    it(`applies each user PATCH of the known-issues page, with and without the compliance flag (${published.KNOWN_ISSUES})`, async () => {
      const id = await newUser(`known-issues-${dialect}`);
      for (const req of [published.disableUserWithoutFlag, published.disableUserWithFlag]) {
        await s.scim('PATCH', `/Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'active', value: true }],
        });
        assert.equal((await replay(req, { id })).status, 204, req.section);
        assert.equal((await read('Users', id)).active, false, req.section);
      }
      for (const req of [published.addNickNameWithoutFlag, published.addNickNameWithFlag]) {
        assert.equal((await replay(req, { id })).status, 204, req.section);
        assert.equal((await read('Users', id)).nickName, 'Babs', req.section);
      }
      assert.equal((await replay(published.replaceManyWithoutFlag, { id })).status, 204);
      let user = await read('Users', id);
      assert.equal(user.displayName, 'Pvlo');
      assert.deepEqual(user.emails, [{ type: 'work', value: 'TestBcwqnm@test.microsoft.com' }]);
      assert.deepEqual(user.name, { givenName: 'Gtfd', familyName: 'Pkqf' });
      assert.equal(user.externalId, 'Eqpj');
      assert.equal(user[ENTERPRISE].employeeNumber, 'Eqpj');
      assert.equal((await replay(published.replaceManyWithFlag, { id })).status, 204);
      user = await read('Users', id);
      assert.equal(user.displayName, 'Bjfe');
      assert.deepEqual(user.emails, [{ type: 'work', value: 'TestMhvaes@test.microsoft.com' }]);
      assert.deepEqual(user.name, { givenName: 'Kkom', familyName: 'Unua' });
      assert.equal(user[ENTERPRISE].employeeNumber, 'Aklq');
    });

    it('removes a group member in both forms of the known-issues page', async () => {
      const group = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: `known-issues-${dialect}` });
      const id = group.body.id;
      const forms = [
        [published.removeMemberWithoutFlag, published.KNOWN_ISSUES_MEMBER_IDS[0]],
        [published.removeMemberWithFlag, published.KNOWN_ISSUES_MEMBER_IDS[1]],
      ] as const;
      for (const [req, printedId] of forms) {
        const user = await newUser(`${printedId}-${dialect}`);
        await s.scim('PATCH', `/Groups/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: 'members', value: [{ value: user }] }],
        });
        assert.equal((await replay(req, { id })).status, 204, `${req.section}, as printed: not a member`);
        assert.deepEqual(await memberIds(id), [user]);
        assert.equal((await replay(req, { id, body: req.body!.replaceAll(printedId, user) })).status, 204, req.section);
        assert.deepEqual(await memberIds(id), [], req.section);
      }
    });
  });
}
