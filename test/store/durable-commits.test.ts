import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SyncFile } from '../../src/store/dialect/sqlite-wal-sync.ts';
import { startServer } from '../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A few turns of the event loop: time for anything not held to finish. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((next) => setImmediate(next));
}

/**
 * SQLite syncs the write-ahead log on the thread pool after COMMIT instead of inside it
 * (src/store/dialect/sqlite-wal-sync.ts). What must still hold: nobody is told of a write
 * before the sync that covers it has finished. PostgreSQL answers a COMMIT once it is
 * durable itself, so this is SQLite's alone.
 */
describe('durable commits (sqlite)', () => {
  it('answers a write, and shows its events in the feed, only once its sync has finished', async () => {
    const held: (() => void)[] = [];
    let holding = false;
    const sync: SyncFile = async (handle) => {
      if (holding) await new Promise<void>((release) => held.push(release));
      await handle.datasync();
    };
    const s = await startServer('sqlite', 'generic', { sqliteSync: sync });
    try {
      const seen = (await s.roster.events.read(s.tenantId, { after: 0, limit: 100, types: [] })).next;
      holding = true;
      let answered = false;
      const post = s.scim('POST', '/Users', { schemas: [USER], userName: 'durable.one' }).then((res) => {
        answered = true;
        return res;
      });
      while (held.length === 0) await turns(1);
      await turns();
      assert.equal(answered, false, 'committed, but not answered while its sync is held');

      let read = false;
      const feed = s.roster.events.read(s.tenantId, { after: seen, limit: 100, types: [] }).then((page) => {
        read = true;
        return page;
      });
      const other = await s.scim('GET', '/Users?count=0');
      assert.equal(other.status, 200, 'other requests go on meanwhile');
      await turns();
      assert.equal(read, false, 'the feed hands out no event before it is on disk');

      holding = false;
      for (const release of held.splice(0)) release();
      const res = await post;
      assert.equal(res.status, 201);
      const page = await feed;
      assert.deepEqual(
        page.events.map((e) => [e.type, e.resource.id]),
        [['user.created', res.body.id]],
      );
    } finally {
      holding = false;
      for (const release of held.splice(0)) release();
      await s.close();
    }
  });

  it('fails the write whose sync fails, and syncs again for the next one', async () => {
    let failing = false;
    const sync: SyncFile = async (handle) => {
      if (failing) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      await handle.datasync();
    };
    const s = await startServer('sqlite', 'generic', { sqliteSync: sync });
    try {
      failing = true;
      const failed = await s.scim('POST', '/Users', { schemas: [USER], userName: 'durable.unknown' });
      failing = false;
      assert.equal(failed.status, 500, 'its durability is unknown: not reported as done');
      const next = await s.scim('POST', '/Users', { schemas: [USER], userName: 'durable.two' });
      assert.equal(next.status, 201);
    } finally {
      await s.close();
    }
  });
});
