import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Concurrent writes (on SQLite they share transactions: group commit): a write that fails
 * fails alone, every other one lands, and the feed numbers exactly the writes that landed.
 */
for (const dialect of await dialects()) {
  describe(`Concurrent writes (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    it('lands every good write of a burst and refuses only the bad ones, changing nothing for them', async () => {
      const { lastSeq: before } = await s.roster.events.bounds(s.tenantId);
      const names = Array.from({ length: 60 }, (_, i) => (i % 10 === 9 ? `burst.${i - 1}` : `burst.${i}`));
      const answers = await Promise.all(
        names.map((userName) => s.scim('POST', '/Users', { schemas: [USER], userName })),
      );
      const created = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 409);
      assert.equal(created.length, 54);
      assert.equal(refused.length, 6);
      for (const a of created) assert.equal((await s.scim('GET', `/Users/${a.body.id}`)).status, 200);
      const list = await s.scim('GET', '/Users?filter=userName sw "burst."&count=100');
      assert.equal(list.body.totalResults, 54);

      const patches = await Promise.all(
        created.map((a, i) =>
          s.scim('PATCH', `/Users/${a.body.id}`, {
            schemas: [PATCH],
            // Every fifth names an attribute that does not exist: 400, nothing written.
            Operations: [{ op: 'replace', path: i % 5 === 0 ? 'nope' : 'displayName', value: `D${i}` }],
          }),
        ),
      );
      assert.equal(patches.filter((p) => p.status === 200).length, 43);
      assert.equal(patches.filter((p) => p.status === 400).length, 11);

      const page = await s.roster.events.read(s.tenantId, { after: before, limit: 1000, types: [] });
      assert.deepEqual(
        page.events.map((e) => e.seq),
        page.events.map((_, i) => before + i + 1),
      );
      assert.equal(page.events.filter((e) => e.type === 'user.created').length, 54);
      assert.equal(page.events.filter((e) => e.type === 'user.updated').length, 43);
    });
  });
}
