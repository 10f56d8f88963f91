import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

for (const dialect of await dialects()) {
  describe(`two Roster instances on one ${dialect} database`, () => {
    let db: FreshDatabase;
    let a: RunningServer;
    let b: RunningServer;
    let token: string;

    before(async () => {
      db = await freshDatabase(dialect);
      const env = { ROSTER_DATABASE_URL: db.url };
      // Both start at once: migrations must run once, under the migration lock.
      [a, b] = await Promise.all([startServe(env), startServe(env)]);
      const issued = await runCli(['tokens', 'create', '--idp', 'generic', '--json'], env);
      assert.equal(issued.code, 0, issued.stderr);
      token = JSON.parse(issued.stdout).token;
    });
    after(async () => {
      await Promise.all([a.stop(), b.stop()]);
      await db.drop();
    });

    async function scim(
      server: RunningServer,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const res = await fetch(`${server.origin}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
    }

    it('should give one 201 and one 409 when both create the same userName at once', async () => {
      for (let i = 0; i < 10; i++) {
        const results = await Promise.all([
          scim(a, 'POST', '/Users', { schemas: [USER], userName: `race${i}@example.com` }),
          scim(b, 'POST', '/Users', { schemas: [USER], userName: `RACE${i}@example.com` }),
        ]);
        assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], JSON.stringify(results.map((r) => r.body)));
        assert.equal(results.find((r) => r.status === 409)?.body.scimType, 'uniqueness');
      }
      const list = await scim(a, 'GET', `/Users?filter=${encodeURIComponent('userName sw "race"')}`);
      assert.equal(list.body.totalResults, 10);
    });

    it('should lose no member when PATCHes add different members through both at once', async () => {
      const users = [];
      for (let i = 0; i < 30; i++) {
        users.push((await scim(i % 2 ? a : b, 'POST', '/Users', { schemas: [USER], userName: `member${i}` })).body.id);
      }
      const group = await scim(a, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Crowd' });
      assert.equal(group.status, 201);
      const results = await Promise.all(
        users.map((id, i) =>
          scim(i % 2 ? a : b, 'PATCH', `/Groups/${group.body.id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
          }),
        ),
      );
      assert.deepEqual([...new Set(results.map((r) => r.status))], [204]);
      const read = await scim(b, 'GET', `/Groups/${group.body.id}`);
      assert.deepEqual(read.body.members.map((m: { value: string }) => m.value).sort(), [...users].sort());

      // Removals and deletions of members through both at once: the kept count follows the rows.
      const changes = await Promise.all([
        ...users.slice(0, 10).map((id, i) =>
          scim(i % 2 ? a : b, 'PATCH', `/Groups/${group.body.id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
          }),
        ),
        ...users.slice(10, 15).map((id, i) => scim(i % 2 ? b : a, 'DELETE', `/Users/${id}`)),
      ]);
      assert.deepEqual([...new Set(changes.map((r) => r.status))], [204]);
      const after = await scim(a, 'GET', `/Groups/${group.body.id}`);
      assert.equal(after.body.members.length, 15);
      const store = openStore({ url: db.url, poolSize: 1 });
      try {
        const row = await store.db
          .selectFrom('groups')
          .select('member_count')
          .where('id', '=', group.body.id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.member_count), 15, 'the member count kept with the rows');
      } finally {
        await store.close();
      }
    });

    it('should lose no attribute when both PATCH one user at once, and honour If-Match across instances', async () => {
      const user = await scim(a, 'POST', '/Users', { schemas: [USER], userName: 'contended' });
      const ops = Array.from({ length: 20 }, (_, i) =>
        scim(i % 2 ? a : b, 'PATCH', `/Users/${user.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: i % 2 ? 'title' : 'nickName', value: `v${i}` }],
        }),
      );
      const results = await Promise.all(ops);
      assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
      const read = await scim(b, 'GET', `/Users/${user.body.id}`);
      assert.ok(read.body.title && read.body.nickName, JSON.stringify(read.body));
      assert.equal(read.body.meta.version, 'W/"21"');

      const stale = read.etag!;
      const first = await scim(
        a,
        'PATCH',
        `/Users/${user.body.id}`,
        { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'A' }] },
        { 'if-match': stale },
      );
      assert.equal(first.status, 200);
      const second = await scim(
        b,
        'PATCH',
        `/Users/${user.body.id}`,
        { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'B' }] },
        { 'if-match': stale },
      );
      assert.equal(second.status, 412);
      assert.equal((await scim(b, 'GET', `/Users/${user.body.id}`)).body.title, 'A');
    });
  });
}
