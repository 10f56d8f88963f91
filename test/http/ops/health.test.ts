import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../../../src/http/app.ts';
import { openRoster, type OpenOptions } from '../../../src/roster.ts';
import { dialects, freshDatabase, type DialectName, type FreshDatabase } from '../../helpers/dialects.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A Roster and its app on a fresh database; the test breaks the database as it likes. */
async function open(dialect: DialectName, log: OpenOptions['log'] = {}) {
  const db = await freshDatabase(dialect);
  const roster = await openRoster({ databaseUrl: db.url, poolSize: 2, log });
  const app = await buildApp({ roster, logLevel: 'silent' });
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json(), raw: res.body, headers: res.headers };
  };
  const close = async () => {
    await app.close();
    await roster.close();
    await db.drop();
  };
  return { db, roster, app, get, close };
}

/** Runs one statement on the test database from outside Roster, as an operator would. */
async function runSql(dialect: DialectName, db: FreshDatabase, statement: string): Promise<void> {
  if (dialect === 'sqlite') {
    const conn = new Sqlite(db.url);
    try {
      conn.exec(statement);
    } finally {
      conn.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

for (const dialect of await dialects()) {
  describe(`health checks (${dialect})`, () => {
    it('should say alive and ready on a working instance, uncached', async () => {
      const s = await open(dialect);
      try {
        const live = await s.get('/healthz');
        assert.equal(live.status, 200);
        assert.deepEqual(live.body, { status: 'ok' });
        const ready = await s.get('/readyz');
        assert.equal(ready.status, 200);
        assert.deepEqual(ready.body, { status: 'ready' });
        assert.equal(ready.headers['cache-control'], 'no-store');
      } finally {
        await s.close();
      }
    });

    it('should stay alive but not ready when the database is gone, and never show the driver message', async () => {
      const s = await open(dialect);
      try {
        await s.roster.close(); // the pool is destroyed: every query fails
        const driverMessage = await s.roster.ping().then(
          () => assert.fail('the ping should fail on a closed store'),
          (error: unknown) => String((error as Error).message),
        );
        assert.ok(driverMessage.length > 0);
        const live = await s.get('/healthz');
        assert.equal(live.status, 200, 'liveness makes no database call');
        const ready = await s.get('/readyz');
        assert.equal(ready.status, 503);
        assert.deepEqual(ready.body, { status: 'unavailable', reason: 'database_unavailable' });
        assert.ok(!ready.raw.includes(driverMessage), ready.raw);
      } finally {
        await s.app.close();
        await s.db.drop();
      }
    });

    it('should not be ready when a migration this version knows is not applied', async () => {
      const s = await open(dialect);
      try {
        await runSql(dialect, s.db, "delete from roster_migrations where name = '0007-group-member-count'");
        const ready = await s.get('/readyz');
        assert.equal(ready.status, 503);
        assert.deepEqual(ready.body, { status: 'unavailable', reason: 'migrations_pending' });
      } finally {
        await s.close();
      }
    });

    it('should turn unready, for good, once draining starts, while staying alive', async () => {
      const s = await open(dialect);
      try {
        s.app.drain();
        assert.deepEqual((await s.get('/readyz')).body, { status: 'unavailable', reason: 'shutting_down' });
        assert.equal((await s.get('/readyz')).status, 503);
        assert.equal((await s.get('/healthz')).status, 200);
      } finally {
        await s.close();
      }
    });
  });
}

if ((await dialects()).includes('postgres')) {
  describe('health checks on a dropped PostgreSQL schema', () => {
    it('should answer 503 with a reason code, never the driver text', async () => {
      const s = await open('postgres');
      try {
        const schema = /search_path%3D(\w+)/.exec(s.db.url)?.[1];
        assert.ok(schema);
        await runSql('postgres', s.db, `drop schema ${schema} cascade`);
        const ready = await s.get('/readyz');
        assert.equal(ready.status, 503);
        assert.deepEqual(ready.body, { status: 'unavailable', reason: 'database_unavailable' });
        assert.doesNotMatch(ready.raw, /schema|relation|search_path|root|127\.0\.0\.1/i);
        assert.equal((await s.get('/healthz')).status, 200);
      } finally {
        // The test dropped the schema itself: nothing left to drop.
        await s.app.close();
        await s.roster.close();
      }
    });

    it("should not be ready while the provisioning log's writes hang, and ready again once they go through", async () => {
      const s = await open('postgres', { flushIntervalMs: 1, stuckAfterMs: 0 });
      const locker = new pg.Client({ connectionString: s.db.url });
      await locker.connect();
      try {
        const tenant = await s.roster.tenants.findBySlug('default');
        assert.ok(tenant);
        const connectionId = await s.roster.tokens.ensureConnection(tenant.id, 'generic');
        const { secret } = await s.roster.tokens.issue(tenant.id, connectionId);
        await locker.query('begin');
        await locker.query('lock table provisioning_log in access exclusive mode');
        const created = await s.app.inject({
          method: 'POST',
          url: '/scim/v2/Users',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
          payload: JSON.stringify({ schemas: [USER], userName: 'stuck.writer' }),
        });
        assert.equal(created.statusCode, 201, 'the request does not wait for its log entry');
        assert.equal(await pollReadyz(s.get, 'log_writer_stuck'), 503);
        await locker.query('rollback');
        assert.equal(await pollReadyz(s.get, 'ready'), 200);
      } finally {
        await locker.end();
        await s.close();
      }
    });
  });
}

/** Asks /readyz until it gives `want` (a reason, or `ready`), at most 200 times 50 ms apart. */
async function pollReadyz(get: (url: string) => Promise<{ status: number; body: any }>, want: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const res = await get('/readyz');
    if (res.body.reason === want || res.body.status === want) return res.status;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`/readyz never said ${want}`);
}
