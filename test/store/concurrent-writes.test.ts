import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
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

    it('leaves no membership of a user or group deleted while it is being added to groups', async () => {
      const users: string[] = [];
      for (let i = 0; i < 24; i++) {
        users.push((await s.scim('POST', '/Users', { schemas: [USER], userName: `race.del.${i}` })).body.id);
      }
      const groups: string[] = [];
      for (let i = 0; i < 4; i++) {
        groups.push((await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: `Race ${i}` })).body.id);
      }
      const nested = (await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Race nested' })).body.id;
      // Every user is added to every group, one PATCH each, while every other user (and the
      // nested group, added too) is deleted at the same time.
      const doomed = [...users.filter((_, i) => i % 2 === 0), nested];
      const answers = await Promise.all([
        ...groups.flatMap((g) =>
          [...users, nested].map((id) =>
            s.scim('PATCH', `/Groups/${g}`, {
              schemas: [PATCH],
              Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
            }),
          ),
        ),
        ...doomed.map((id) => s.scim('DELETE', `/${id === nested ? 'Groups' : 'Users'}/${id}`)),
      ]);
      assert.deepEqual([...new Set(answers.map((a) => a.status))].sort(), [204]);
      const kept = users.filter((_, i) => i % 2 === 1).sort();
      for (const g of groups) {
        const read = await s.scim('GET', `/Groups/${g}`);
        const members = read.body.members.map((m: { value: string }) => m.value).sort();
        assert.deepEqual(members, kept, 'every kept user, and no deleted one');
        const listed = await s.scim(
          'GET',
          `/Groups?filter=${encodeURIComponent(`displayName eq "${read.body.displayName}"`)}&excludedAttributes=members`,
        );
        assert.equal(listed.body.totalResults, 1);
      }
      const store = openStore({ url: s.databaseUrl, poolSize: 1 });
      try {
        const counts = await store.db
          .selectFrom('groups')
          .select(['id', 'member_count'])
          .where('id', 'in', groups)
          .execute();
        assert.deepEqual(
          counts.map((c) => Number(c.member_count)),
          groups.map(() => kept.length),
          'the member count kept with the rows',
        );
      } finally {
        await store.close();
      }
      for (const id of kept) {
        const user = await s.scim('GET', `/Users/${id}`);
        assert.deepEqual(user.body.groups.map((g: { value: string }) => g.value).sort(), [...groups].sort());
      }
    });
  });
}
