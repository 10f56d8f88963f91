import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FeedEvent } from '../../src/events/feed-event.ts';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Every SCIM write's events, written in its own transaction, numbered per tenant without gaps. */
for (const dialect of await dialects()) {
  describe(`Change feed outbox (${dialect})`, () => {
    let s: TestServer;
    let seen = 0;
    before(async () => {
      s = await startServer(dialect, 'entra');
    });
    after(() => s.close());

    /** The events after the last ones a test took. */
    async function take(): Promise<FeedEvent[]> {
      const page = await s.roster.events.read(s.tenantId, { after: seen, limit: 1000, types: [] });
      seen = page.next;
      return [...page.events];
    }
    const types = (events: FeedEvent[]): string[] => events.map((e) => e.type);

    it('numbers events 1, 2, 3… and fills the envelope from the request', async () => {
      const issued = await take();
      assert.deepEqual(types(issued), ['connection.created', 'token.created'], 'the test token');
      const res = await s.scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        userName: 'feed.one@example.com',
        password: 'Secret-passw0rd',
        [ENTERPRISE]: { department: 'Sales' },
      });
      assert.equal(res.status, 201);
      const [created, ...rest] = await take();
      assert.equal(rest.length, 0);
      assert.ok(created);
      assert.equal(created.seq, 3);
      assert.equal(created.type, 'user.created');
      assert.equal(created.tenant, s.tenantId);
      assert.equal(created.txn, res.headers['x-request-id']);
      assert.equal(created.connection?.idpKind, 'entra');
      assert.deepEqual(created.resource, { type: 'User', id: res.body.id, version: res.headers.etag });
      const data = created.data as Record<string, any>;
      assert.equal(data.userName, 'feed.one@example.com');
      assert.equal(data[ENTERPRISE].department, 'Sales');
      assert.equal(data.password, undefined, 'no password in the feed');
      assert.doesNotMatch(JSON.stringify(created), /Secret-passw0rd|argon2/);
      assert.deepEqual(
        issued.map((e) => e.seq),
        [1, 2],
      );
    });

    it("never lets a client choose its txn, not even with the header that ties a Bulk's operations to it", async () => {
      const bulk = await s.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER], userName: 'feed.txn.bulk' } },
        ],
      });
      assert.equal(bulk.status, 200);
      await take();
      for (const guess of [String(bulk.headers['x-request-id']), 'made-up']) {
        const res = await s.scim(
          'POST',
          '/Users',
          { schemas: [USER], userName: `feed.txn.${guess}` },
          { 'x-roster-inner-txn': guess },
        );
        assert.equal(res.status, 201);
        const [created] = await take();
        assert.equal(created?.txn, res.headers['x-request-id'], 'its own request id');
      }
    });

    it('names what an update changed, and says deactivated and reactivated apart', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.two', name: { givenName: 'A' } });
      await take();
      const patch = (ops: unknown[]) =>
        s.scim('PATCH', `/Users/${u.body.id}`, { schemas: [PATCH], Operations: ops }, { accept: 'application/json' });
      await patch([{ op: 'replace', path: 'name.givenName', value: 'B' }]);
      await patch([{ op: 'replace', path: 'active', value: false }]);
      await patch([{ op: 'replace', value: { active: true, userName: 'feed.two.renamed' } }]);
      await patch([{ op: 'replace', path: 'name.givenName', value: 'B' }]);
      const events = await take();
      assert.deepEqual(types(events), ['user.updated', 'user.deactivated', 'user.reactivated', 'user.updated']);
      assert.deepEqual(events[0]?.changedAttributes, ['name.givenName']);
      assert.deepEqual(events[3]?.changedAttributes, ['userName']);
      assert.deepEqual(
        events.map((e) => e.resource.version),
        ['W/"2"', 'W/"3"', 'W/"4"', 'W/"4"'],
        'a change that changes nothing makes no event',
      );
      assert.equal((events[1]?.data as { active: boolean }).active, false);
    });

    it('carries membership as ids, 1,000 at most per event, every event of one request sharing its txn', async () => {
      const users: string[] = [];
      for (const part of [0, 1]) {
        const bulk = await s.scim('POST', '/Bulk', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: Array.from({ length: 600 }, (_, i) => ({
            method: 'POST',
            path: '/Users',
            bulkId: `u${i}`,
            data: { schemas: [USER], userName: `feed.member.${part}.${i}` },
          })),
        });
        assert.equal(bulk.status, 200);
        for (const op of bulk.body.Operations) users.push(String(op.location).split('/').pop()!);
        const created = await take();
        assert.equal(created.length, 600);
        assert.ok(
          created.every((e) => e.txn === bulk.headers['x-request-id']),
          'a Bulk is one txn',
        );
      }
      const g = await s.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Feed group',
        members: users.map((value) => ({ value })),
      });
      assert.equal(g.status, 201);
      const events = await take();
      assert.deepEqual(types(events), ['group.created', 'group.members_added', 'group.members_added']);
      const ids = events
        .slice(1)
        .flatMap((e) => (e.data as { members: { value: string }[] }).members.map((m) => m.value));
      assert.deepEqual(new Set(ids), new Set(users));
      assert.ok(events.every((e) => e.txn === g.headers['x-request-id']));
      assert.equal(
        (events[0]?.data as Record<string, unknown>).members,
        undefined,
        'members travel in their own events',
      );

      const removed = await s.scim('PATCH', `/Groups/${g.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: `members[value eq "${users[0]}"]` }],
      });
      assert.ok(removed.status < 300);
      const del = await s.scim('DELETE', `/Users/${users[1]}`);
      assert.equal(del.status, 204);
      const after = await take();
      assert.deepEqual(types(after), ['group.members_removed', 'user.deleted', 'group.members_removed']);
      assert.deepEqual((after[0]?.data as { members: unknown }).members, [{ value: users[0], type: 'User' }]);
      assert.equal(after[1]?.resource.version, 'W/"2"', 'a deletion is newer than the last version');
      assert.deepEqual((after[2]?.data as { members: unknown }).members, [{ value: users[1], type: 'User' }]);
      assert.equal(after[2]?.resource.version, 'W/"3"');

      const replaced = await s.scim('PUT', `/Groups/${g.body.id}`, { schemas: [GROUP], displayName: 'Feed group 2' });
      assert.equal(replaced.status, 200);
      const put = await take();
      assert.deepEqual(types(put), ['group.updated', 'group.members_removed', 'group.members_removed']);
      assert.deepEqual(put[0]?.changedAttributes, ['displayName']);
      assert.equal(
        put.slice(1).reduce((n, e) => n + (e.data as { members: unknown[] }).members.length, 0),
        1198,
      );
    });

    it("makes a group PATCH's rename, adds and removes one txn of events at the new version, and a repeat none", async () => {
      const ids: string[] = [];
      for (const name of ['feed.pm.a', 'feed.pm.b', 'feed.pm.c']) {
        ids.push((await s.scim('POST', '/Users', { schemas: [USER], userName: name })).body.id);
      }
      const [a, b, c] = ids as [string, string, string];
      const inner = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Feed inner' });
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Feed pm', members: [{ value: a }] });
      assert.equal(g.status, 201);
      await take();
      const body = {
        schemas: [PATCH],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Feed pm 2' },
          { op: 'remove', path: `members[value eq "${a}"]` },
          { op: 'add', path: 'members', value: [{ value: c }, { value: 'no-such-id' }, { value: inner.body.id }] },
          { op: 'add', path: 'members', value: [{ value: b }] },
        ],
      };
      const res = await s.scim('PATCH', `/Groups/${g.body.id}`, body);
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.equal(res.headers.etag, 'W/"2"');
      const events = await take();
      assert.deepEqual(types(events), ['group.updated', 'group.members_removed', 'group.members_added']);
      assert.ok(events.every((e) => e.txn === res.headers['x-request-id'] && e.resource.version === 'W/"2"'));
      assert.deepEqual(events[0]?.changedAttributes, ['displayName']);
      assert.equal((events[0]?.data as Record<string, unknown>).displayName, 'Feed pm 2');
      assert.deepEqual(events[1]?.data, { members: [{ value: a, type: 'User' }] });
      assert.deepEqual(
        events[2]?.data,
        {
          members: [
            { value: c, type: 'User' },
            { value: inner.body.id, type: 'Group' },
            { value: b, type: 'User' },
          ],
        },
        'in the order sent, the unknown id left out',
      );
      const read = await s.scim('GET', `/Groups/${g.body.id}`);
      assert.deepEqual(read.body.members.map((m: { value: string }) => m.value).sort(), [b, c, inner.body.id].sort());
      const listed = await s.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Feed pm 2"')}`);
      assert.equal(listed.body.Resources[0].members.length, 3);

      // The same PATCH again changes nothing: no event, the version stays.
      const again = await s.scim('PATCH', `/Groups/${g.body.id}`, body);
      assert.equal(again.status, 204);
      assert.equal(again.headers.etag, 'W/"2"');
      assert.deepEqual(await take(), []);
      // A member both added and removed in one PATCH: the operations apply in order.
      const both = await s.scim('PATCH', `/Groups/${g.body.id}`, {
        schemas: [PATCH],
        Operations: [
          { op: 'add', path: 'members', value: [{ value: a }] },
          { op: 'remove', path: `members[value eq "${a}"]` },
          { op: 'remove', path: `members[value eq "${b}"]` },
          { op: 'add', path: 'members', value: [{ value: b }] },
        ],
      });
      assert.equal(both.status, 204);
      const after = await s.scim('GET', `/Groups/${g.body.id}`);
      assert.deepEqual(after.body.members.map((m: { value: string }) => m.value).sort(), [b, c, inner.body.id].sort());
    });

    it('writes nothing for a refused write', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.dup' });
      await take();
      const dup = await s.scim('POST', '/Users', { schemas: [USER], userName: 'FEED.DUP' });
      assert.equal(dup.status, 409);
      const bad = await s.scim('PATCH', '/Users/nope', { schemas: [PATCH], Operations: [{ op: 'remove', path: 'x' }] });
      assert.equal(bad.status, 404);
      assert.deepEqual(await take(), []);
    });

    it('keeps seq contiguous and each resource in version order under concurrent writes', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.race' });
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Race' });
      const members = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.scim('POST', '/Users', { schemas: [USER], userName: `feed.race.${i}` })),
      );
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) =>
          s.scim('PATCH', `/Users/${u.body.id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', path: 'displayName', value: `v${i}` }],
          }),
        ),
        ...members.map((m) =>
          s.scim('PATCH', `/Groups/${g.body.id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'add', path: 'members', value: [{ value: m.body.id }] }],
          }),
        ),
      ]);
      const all = await s.roster.events.read(s.tenantId, { after: 0, limit: 1000, types: [] });
      let more = all;
      const events = [...all.events];
      while (more.hasMore) {
        more = await s.roster.events.read(s.tenantId, { after: more.next, limit: 1000, types: [] });
        events.push(...more.events);
      }
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i + 1),
        'no gap, no repeat',
      );
      for (const id of [u.body.id, g.body.id]) {
        const versions = events
          .filter((e) => e.resource.id === id)
          .map((e) => Number(/\d+/.exec(e.resource.version!)![0]));
        assert.deepEqual(
          versions,
          [...versions].sort((a, b) => a - b),
          `versions of ${id} ascend`,
        );
        assert.equal(new Set(versions).size, versions.length);
      }
      seen = events.at(-1)!.seq;
    });

    it('filters by type and moves the cursor past what did not match', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.types' });
      const page = await s.roster.events.read(s.tenantId, { after: seen, limit: 10, types: ['group.deleted'] });
      assert.deepEqual(page.events, []);
      assert.equal(page.next, (await s.roster.events.bounds(s.tenantId)).lastSeq);
      seen = page.next;
    });

    it('wakes a waiting reader when an event is committed', async () => {
      const waiting = s.roster.events.wait(s.tenantId, { after: seen, limit: 10, types: [] }, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.wake' });
      const page = await waiting;
      assert.deepEqual(types([...page.events]), ['user.created']);
      seen = page.next;
    });

    it('deletes events past retention, and a reader behind them is told so', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.old' });
      const { lastSeq } = await s.roster.events.bounds(s.tenantId);
      const deleted = await s.roster.events.prune(new Date(Date.now() + 60_000).toISOString());
      assert.equal(deleted, lastSeq);
      assert.deepEqual(await s.roster.events.bounds(s.tenantId), { lastSeq, prunedThrough: lastSeq });
      await assert.rejects(
        s.roster.events.read(s.tenantId, { after: 0, limit: 10, types: [] }),
        (error: Error) => error.name === 'Error' && /deleted by retention/.test(error.message),
      );
      const fresh = await s.roster.events.read(s.tenantId, { after: lastSeq, limit: 10, types: [] });
      assert.deepEqual(fresh.events, []);
    });
  });
}
