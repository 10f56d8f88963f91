import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { SqliteWriterThread } from '../../src/store/dialect/sqlite-writer-thread.ts';
import { openStore } from '../../src/store/open-store.ts';
import { freshDatabase } from '../helpers/dialects.ts';

const raw = (sql: string, parameters: unknown[] = []): CompiledQuery => ({ ...CompiledQuery.raw(sql), parameters });
/** A job that holds SQLite's write lock for a good second: 3 million rows in one statement. */
const SLOW_JOB = raw(
  'insert into slow (x) select value from (with recursive c(value) as (select 1 union all select value + 1 from c where value < 3000000) select value from c)',
);

/**
 * SQLite's background writes (the provisioning log's batches) run on a thread with a
 * connection of its own (src/store/dialect/sqlite-writer-thread.ts). PostgreSQL has no such
 * thread: its log writes wait on the network, not on the event loop (its log tests run in
 * test/provisioning-log/).
 */
describe('SQLite writer thread (sqlite)', () => {
  it('keeps the event loop turning while a write of the server waits for the thread’s transaction', async () => {
    const db = await freshDatabase('sqlite');
    const store = openStore({ url: db.url, sqliteWriterThreadAfterJobs: 0 });
    try {
      await store.db.executeQuery(raw('create table slow (x integer)'));
      await store.db.executeQuery(raw('create table quick (x integer)'));
      const writer = store.backgroundWriter!;
      const slow = writer.run([SLOW_JOB]);
      // Let the thread start and take the lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      let ticks = 0;
      const ticking = setInterval(() => ticks++, 10);
      try {
        // An autocommit write, then a transaction: both wait for the job, the event loop free.
        await store.db.executeQuery(raw('insert into quick (x) values (1)'));
        await store.db.transaction().execute((trx) => trx.executeQuery(raw('insert into quick (x) values (2)')));
      } finally {
        clearInterval(ticking);
      }
      await slow;
      assert.equal((writer as SqliteWriterThread).threaded, true);
      // Blocked inside SQLite's busy handler instead, the loop would not have turned at all.
      assert.ok(ticks >= 5, `the event loop turned ${ticks} times while the writes waited`);
      const { rows } = await store.db.executeQuery<{ n: number }>(raw('select count(*) as n from slow'));
      assert.equal(rows[0]!.n, 3_000_000);
      const quick = await store.db.executeQuery<{ x: number }>(raw('select x from quick order by x'));
      assert.deepEqual(
        quick.rows.map((r) => r.x),
        [1, 2],
      );
    } finally {
      await store.close();
      await db.drop();
    }
  });

  it('rolls back a refused job whole, says why with SQLite’s code, and runs the next', async () => {
    const db = await freshDatabase('sqlite');
    const store = openStore({ url: db.url, sqliteWriterThreadAfterJobs: 0 });
    try {
      await store.db.executeQuery(raw('create table t (x integer primary key)'));
      const writer = store.backgroundWriter!;
      await writer.run([raw('insert into t (x) values (?)', [1])]);
      await assert.rejects(
        writer.run([raw('insert into t (x) values (?)', [2]), raw('insert into t (x) values (?)', [1])]),
        (error: Error & { code?: string }) => error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
      );
      await writer.run([raw('insert into t (x) values (?)', [3])]);
      const { rows } = await store.db.executeQuery<{ x: number }>(raw('select x from t order by x'));
      assert.deepEqual(
        rows.map((r) => r.x),
        [1, 3],
      );
      assert.equal((writer as SqliteWriterThread).threaded, true);
    } finally {
      await store.close();
      await db.drop();
    }
  });

  it('runs jobs on the server’s connection before it starts, and for good once it failed', async () => {
    const ran: string[] = [];
    const inline = async (statements: readonly CompiledQuery[]) => {
      ran.push(...statements.map((s) => s.sql));
    };
    // A file the thread cannot open (it never creates one): it exits at once.
    const writer = new SqliteWriterThread('/nonexistent/roster.db', inline, () => undefined, 1);
    try {
      await writer.run([raw('select 1')]);
      assert.deepEqual(ran, ['select 1'], 'the first job, before the thread');
      await assert.rejects(
        writer.run([raw('select 2')]),
        /writer thread exited|unable to open|directory does not exist/i,
      );
      assert.equal(writer.threaded, false);
      assert.equal(writer.idle(), undefined, 'nothing left to wait for');
      await writer.run([raw('select 3')]);
      assert.deepEqual(ran, ['select 1', 'select 3']);
    } finally {
      await writer.close();
    }
  });
});
