import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type ScimResponse, type TestServer } from '../helpers/scim-server.ts';
import type { PublishedRequest } from './published/entra-tutorial.ts';
import * as okta from './published/okta-scim-reference.ts';

// Okta's own published SCIM 2.0 request examples, replayed with their bodies exactly as
// printed and, as printed, with no Content-Type header (test/conformance/published/
// okta-scim-reference.ts names the section of each). The document's ids are replaced by
// the real ones, in paths and in bodies, and nothing else is changed.

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

for (const dialect of await dialects()) {
  describe(`Okta: the published SCIM 2.0 reference requests (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect, 'okta');
    });
    after(() => s.close());

    /** Sends a published request with the document's ids replaced by real ones. */
    const replay = (req: PublishedRequest, ids: Readonly<Record<string, string>> = {}): Promise<ScimResponse> => {
      const swap = (text: string): string =>
        Object.entries(ids).reduce((t, [from, to]) => t.replaceAll(from, to), text);
      return s.app
        .inject({
          method: req.method,
          url: `/scim/v2${swap(req.path)}`,
          headers: { authorization: `Bearer ${s.token}`, 'user-agent': 'Okta SCIM Client 1.0.0' },
          ...(req.body !== undefined ? { payload: swap(req.body) } : {}),
        })
        .then((raw) => ({
          status: raw.statusCode,
          body: raw.body ? JSON.parse(raw.body) : undefined,
          headers: raw.headers,
          raw,
        }));
    };
    const newUser = async (userName: string): Promise<string> => {
      const res = await s.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });
      assert.equal(res.status, 201);
      return res.body.id;
    };

    it(`provisions, reads, updates and deactivates the reference's user (${okta.REFERENCE})`, async () => {
      const none = await replay(okta.findUser);
      assert.equal(none.status, 200);
      assert.deepEqual(none.body.schemas, [LIST]);
      assert.equal(none.body.totalResults, 0);

      const created = await replay(okta.createUserWithCustomAttributes);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const user = created.body.id;
      assert.equal(created.body.userName, 'test.user@okta.local');
      assert.equal(created.body.password, undefined, 'the password is never returned');
      assert.equal(created.body.locale, 'en-US');
      // The same user again: 409, which stops Okta's provisioning job as its reference asks.
      const again = await replay(okta.createUser);
      assert.equal(again.status, 409);
      assert.equal(again.body.status, '409');
      assert.equal(again.body.scimType, 'uniqueness');

      const found = await replay(okta.findUser);
      assert.equal(found.body.totalResults, 1);
      assert.equal(found.body.Resources[0].id, user);
      const page = await replay(okta.listUsers);
      assert.equal(page.status, 200);
      assert.equal(page.body.startIndex, 1);
      assert.equal(typeof page.body.totalResults, 'number');
      assert.ok(page.body.Resources.some((r: { id: string }) => r.id === user));

      const ids = { [okta.PUBLISHED_USER_ID]: user };
      assert.equal((await replay(okta.getUser, ids)).body.id, user);
      const put = await replay(okta.replaceUser, ids);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body.name, { givenName: 'Another', middleName: 'Excited', familyName: 'User' });
      const off = await replay(okta.deactivateUser, ids);
      assert.equal(off.status, 200, 'Okta reads the updated user from the PATCH answer');
      assert.equal(off.body.active, false);
      assert.equal((await replay(okta.getUser, ids)).body.active, false);
    });

    it('pushes a group, renames it, changes and replaces its members, and deletes it as the reference prints it', async () => {
      const created = await replay(okta.createGroup);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const group = created.body.id;
      assert.equal(created.body.displayName, 'Test SCIMv2');
      const first = await newUser(`okta-first-${dialect}`);
      const second = await newUser(`okta-second-${dialect}`);
      const ids = {
        [okta.PUBLISHED_GROUP_ID]: group,
        [okta.PUBLISHED_USER_ID]: first,
        [okta.PUBLISHED_OTHER_USER_ID]: second,
      };
      const members = async (): Promise<string[]> =>
        ((await replay(okta.getGroup, ids)).body.members ?? []).map((m: { value: string }) => m.value).sort();

      const listed = await replay(okta.listGroups);
      assert.ok(listed.body.Resources.some((r: { id: string }) => r.id === group));
      const renamed = await replay(okta.renameGroup, ids);
      assert.equal(renamed.status, 204, 'the reference allows 204 to a group PATCH');
      assert.equal((await replay(okta.getGroup, ids)).body.displayName, 'Test SCIMv2');

      assert.equal((await replay(okta.updateMembership, ids)).status, 204);
      assert.deepEqual(await members(), [first]);
      assert.equal((await replay(okta.replaceMembers, ids)).status, 204);
      assert.deepEqual(await members(), [first, second].sort());
      assert.equal((await replay(okta.updateMembership, ids)).status, 204);
      assert.deepEqual(await members(), [first], 'the second user is removed, the first stays');

      assert.equal((await replay(okta.deleteGroup, ids)).status, 204);
      assert.equal((await replay(okta.getGroup, ids)).status, 404);
    });
  });
}
