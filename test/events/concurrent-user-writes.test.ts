import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FeedEvent } from '../../src/events/feed-event.ts';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Writers of one user at the same time. On PostgreSQL each reads without a lock and writes
 * the user and its events in one statement guarded by the version read; the losers of that
 * race read again, so every change lands on the version before it and a lost attempt leaves
 * no event. On SQLite the writes share group-committed transactions.
 */
for (const dialect of await dialects()) {
  describe(`Concurrent writes of one user (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    async function eventsOf(id: string): Promise<FeedEvent[]> {
      const events: FeedEvent[] = [];
      for (let after = 0, more = true; more;) {
        const page = await s.roster.events.read(s.tenantId, { after, limit: 1000, types: [] });
        events.push(...page.events.filter((e) => e.resource.id === id));
        ({ next: after, hasMore: more } = page);
      }
      return events;
    }
    const versionOf = (e: FeedEvent): number => Number(/\d+/.exec(e.resource.version ?? '')?.[0]);

    it('lands every PATCH on the version before it, one event each, in version order', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'race.emails' });
      const patches = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          s.scim('PATCH', `/Users/${u.body.id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'add', path: 'emails', value: [{ value: `e${i}@example.com` }] }],
          }),
        ),
      );
      assert.deepEqual(
        patches.map((p) => p.status),
        patches.map(() => 200),
      );
      assert.deepEqual(
        patches.map((p) => p.headers.etag).sort(),
        Array.from({ length: 12 }, (_, i) => `W/"${i + 2}"`).sort(),
        'versions 2 to 13, one each',
      );
      const stored = await s.scim('GET', `/Users/${u.body.id}`);
      assert.equal(stored.body.emails.length, 12, 'no change lost');

      const updates = (await eventsOf(u.body.id)).slice(1);
      assert.deepEqual(
        updates.map(versionOf),
        Array.from({ length: 12 }, (_, i) => i + 2),
        'one event per landed write, none of a lost attempt, in version order',
      );
      for (const event of updates) {
        const emails = (event.data as { emails: unknown[] }).emails;
        assert.equal(emails.length, versionOf(event) - 1, 'each change applied to the version before it');
      }
    });

    it('answers 412 to the writers whose If-Match version another writer moved, with no event', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'race.pinned' });
      const patches = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          s.scim(
            'PATCH',
            `/Users/${u.body.id}`,
            { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: `P${i}` }] },
            { 'if-match': 'W/"1"' },
          ),
        ),
      );
      assert.deepEqual(patches.map((p) => p.status).sort(), [200, 412, 412, 412, 412, 412]);
      const winner = patches.find((p) => p.status === 200)!;
      const events = await eventsOf(u.body.id);
      assert.deepEqual(
        events.map((e) => e.type),
        ['user.created', 'user.updated'],
      );
      assert.equal((events[1]!.data as { displayName: string }).displayName, winner.body.displayName);
    });

    it('creates one of several POSTs of one userName, answers 409 to the rest, with one event', async () => {
      const posts = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          s.scim('POST', '/Users', { schemas: [USER], userName: i % 2 ? 'RACE.SAME' : 'race.same' }),
        ),
      );
      assert.deepEqual(posts.map((p) => p.status).sort(), [201, 409, 409, 409, 409]);
      const created = posts.find((p) => p.status === 201)!;
      const page = await s.roster.events.read(s.tenantId, { after: 0, limit: 1000, types: ['user.created'] });
      const same = page.events.filter((e) => /^race\.same$/i.test((e.data as { userName: string }).userName));
      assert.deepEqual(
        same.map((e) => e.resource.id),
        [created.body.id],
      );
    });
  });
}
