import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { LogEntry, LogRecord } from '../../src/provisioning-log/log-entry.ts';
import { ProvisioningLog } from '../../src/provisioning-log/provisioning-log.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import type { SqliteWriterThread } from '../../src/store/dialect/sqlite-writer-thread.ts';
import type { StoreDialect } from '../../src/store/dialect/store-dialect.ts';
import { openStore } from '../../src/store/open-store.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { manualClock } from '../helpers/manual-clock.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const DAY = 86_400_000;

/** SQLite's log batches run on the writer thread once it starts: here from the first. */
const variants = [
  ...(await dialects()).map((dialect) => ({ dialect, name: dialect, thread: {} })),
  { dialect: 'sqlite' as const, name: 'sqlite, writer thread', thread: { sqliteWriterThreadAfterJobs: 0 } },
];

for (const { dialect, name, thread } of variants) {
  describe(`provisioning log (${name})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    /** The same database, reached directly: to read what no service shows. */
    let store: StoreDialect;
    /** The Roster's time, which the test moves to age entries. */
    const clock = manualClock();
    let app: FastifyInstance;
    let tenantId: string;
    let entra: { connectionId: string; secret: string; id: string };
    let okta: { connectionId: string; secret: string; id: string };

    const scim = async (secret: string, method: string, path: string, body?: unknown) => {
      clock.advance(1000); // a second between requests, so that entries have distinct times
      const res = await app.inject({
        method: method as 'GET',
        url: `/scim/v2${path}`,
        headers: {
          authorization: `Bearer ${secret}`,
          ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    };
    /** Every entry of the tenant, newest first, once the buffer is written. */
    const entries = async (
      query: Partial<Parameters<Roster['provisioningLog']['query']>[0]> = {},
    ): Promise<LogRecord[]> => {
      await roster.provisioningLog.flush();
      return [...(await roster.provisioningLog.query({ tenantId, limit: 1000, ...query })).entries];
    };
    /** A log entry of a GET by `token`, as the SCIM routes record one. */
    const getEntry = (kind: 'entra' | 'okta', path: string): LogEntry => ({
      at: new Date().toISOString(),
      tenantId,
      connectionId: (kind === 'entra' ? entra : okta).connectionId,
      tokenId: (kind === 'entra' ? entra : okta).id,
      idpKind: kind,
      method: 'GET',
      path,
      status: 200,
      scimType: null,
      durationMs: 1,
      resourceType: null,
      resourceId: null,
      userName: null,
      displayName: null,
      detail: null,
      ignored: [],
    });
    const issue = async (kind: 'entra' | 'okta') => {
      return roster.tokens.issue(tenantId, await roster.tokens.ensureConnection(tenantId, kind));
    };

    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({ databaseUrl: db.url, poolSize: 4, log: { flushIntervalMs: 5 }, clock, ...thread });
      store = openStore({ url: db.url, poolSize: 1, ...thread });
      app = await buildApp({ roster, publicUrl: 'https://roster.test', logLevel: 'silent' });
      tenantId = (await roster.tenants.findBySlug('default'))!.id;
      entra = await issue('entra');
      okta = await issue('okta');
    });
    after(async () => {
      await app.close();
      await store.close();
      await roster.close();
      await db.drop();
    });

    it('should keep one entry per request: status, scimType, detail, resource, userName and ignored attributes', async () => {
      const created = await scim(entra.secret, 'POST', '/Users', {
        schemas: [USER],
        userName: 'jane@example.com',
        shoeSize: 42,
      });
      assert.equal(created.status, 201);
      const id = created.body.id;
      assert.equal(
        (await scim(entra.secret, 'POST', '/Users', { schemas: [USER], userName: 'JANE@example.com' })).status,
        409,
      );
      await scim(entra.secret, 'GET', `/Users/${id}`);
      await scim(entra.secret, 'PATCH', `/Users/${id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'shoeSize', value: 1 }],
      });
      await scim(entra.secret, 'GET', `/Users?filter=${encodeURIComponent('userName eq "jane@example.com"')}`);
      const group = await scim(entra.secret, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering' });
      await scim(entra.secret, 'DELETE', `/Users/${id}`);
      const [deleted, groupCreated, listed, patched, read, conflict, first] = await entries();
      assert.deepEqual(
        [first, conflict, read, patched, listed, groupCreated, deleted].map((e) => `${e?.method} ${e?.status}`),
        ['POST 201', 'POST 409', 'GET 200', 'PATCH 400', 'GET 200', 'POST 201', 'DELETE 204'],
      );
      assert.equal(first?.path, '/scim/v2/Users');
      assert.equal(first?.resourceType, 'User');
      assert.equal(first?.resourceId, id);
      assert.equal(first?.userName, 'jane@example.com');
      assert.deepEqual(first?.ignored, ['shoeSize']);
      assert.equal(first?.scimType, null);
      assert.equal(first?.detail, null);
      assert.equal(first?.connectionId, entra.connectionId);
      assert.equal(first?.tokenId, entra.id);
      assert.equal(first?.idpKind, 'entra');
      assert.ok(first.durationMs > 0);
      assert.equal(conflict?.scimType, 'uniqueness');
      assert.match(conflict?.detail ?? '', /already/);
      assert.equal(read?.resourceId, id);
      assert.equal(patched?.scimType, 'invalidPath');
      assert.match(patched?.detail ?? '', /shoeSize/);
      assert.equal(listed?.path, `/scim/v2/Users?filter=${encodeURIComponent('userName eq "jane@example.com"')}`);
      assert.equal(groupCreated?.resourceType, 'Group');
      assert.equal(groupCreated?.resourceId, group.body.id);
      assert.equal(groupCreated?.displayName, 'Engineering');
      assert.equal(deleted?.resourceId, id);
      assert.ok(deleted!.at >= first.at);
    });

    it("should log a known token's refusal for its tenant, and nothing for an unknown token", async () => {
      const spare = await roster.tokens.issue(tenantId, okta.connectionId, { name: 'spare' });
      await roster.tokens.deactivate(tenantId, spare.id, { kind: 'cli' });
      assert.equal((await scim(spare.secret, 'GET', '/Groups')).status, 401);
      assert.equal((await scim('rst_unknown', 'GET', '/Groups')).status, 401);
      const refused = await entries({ errorsOnly: true, text: 'inactive' });
      assert.equal(refused.length, 1);
      assert.equal(refused[0]?.tokenId, spare.id);
      assert.equal(refused[0]?.status, 401);
      assert.equal(refused[0]?.idpKind, 'okta');
      await roster.tokens.delete(tenantId, spare.id, { kind: 'cli' });
    });

    it('should filter by connection, IdP, errors, text and time, newest first, in pages', async () => {
      await scim(okta.secret, 'POST', '/Users', { schemas: [USER], userName: 'okta.person' });
      await scim(okta.secret, 'GET', '/Users/does-not-exist');
      const oktaOnly = await entries({ connectionId: okta.connectionId });
      assert.ok(oktaOnly.length >= 3 && oktaOnly.every((e) => e.connectionId === okta.connectionId));
      assert.deepEqual(await entries({ idpKind: 'okta' }), oktaOnly);
      const errors = await entries({ errorsOnly: true });
      assert.ok(errors.length >= 4 && errors.every((e) => e.status >= 400));
      assert.deepEqual(
        (await entries({ text: 'OKTA.PERSON' })).map((e) => e.userName),
        ['okta.person'],
      );
      assert.deepEqual(
        (await entries({ text: 'does-not' })).map((e) => e.status),
        [404],
      );
      assert.deepEqual(await entries({ text: '100%_' }), [], 'LIKE wildcards are literal');
      const all = await entries();
      const ordered = [...all].sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
      assert.deepEqual(
        all.map((e) => e.id),
        ordered.map((e) => e.id),
        'newest first',
      );
      const pivot = all[3]!.at;
      assert.deepEqual(
        (await entries({ since: pivot })).map((e) => e.id),
        all.filter((e) => e.at >= pivot).map((e) => e.id),
      );
      assert.deepEqual(
        (await entries({ until: pivot })).map((e) => e.id),
        all.filter((e) => e.at < pivot).map((e) => e.id),
      );
      const paged: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await roster.provisioningLog.query({ tenantId, limit: 3, ...(cursor ? { cursor } : {}) });
        assert.ok(page.entries.length <= 3);
        paged.push(...page.entries.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(
        paged,
        all.map((e) => e.id),
      );
      const other = await roster.tenants.create('other-tenant');
      assert.deepEqual(
        (await roster.provisioningLog.query({ tenantId: other.id })).entries,
        [],
        'no other tenant sees them',
      );
    });

    it('should count requests and errors of the last 24 hours per connection, with the last request time', async () => {
      const before = await roster.connections.list(tenantId, 'https://roster.test/scim/v2');
      const oktaBefore = before.find((c) => c.id === okta.connectionId)!;
      assert.ok(oktaBefore.requests24h >= 3);
      assert.equal(oktaBefore.scimUrl, 'https://roster.test/scim/v2');
      assert.equal(oktaBefore.tokens, 1);
      const oktaRows = await entries({ connectionId: okta.connectionId });
      assert.equal(oktaBefore.requests24h, oktaRows.length);
      assert.equal(oktaBefore.errors24h, oktaRows.filter((e) => e.status >= 400).length);
      assert.equal(oktaBefore.lastRequestAt, oktaRows[0]?.at);
      // Two days later, with requests over entra only: okta's are out of the 24 hours, still its last request.
      clock.advance(2 * DAY);
      for (let i = 0; i < 5; i++) assert.equal((await scim(entra.secret, 'GET', '/Users')).status, 200);
      await roster.provisioningLog.flush();
      const later = await roster.connections.list(tenantId, '');
      const after = later.find((c) => c.id === okta.connectionId)!;
      assert.deepEqual([after.requests24h, after.errors24h, after.lastRequestAt], [0, 0, oktaBefore.lastRequestAt]);
      const entraAfter = later.find((c) => c.id === entra.connectionId)!;
      assert.equal(entraAfter.requests24h, 5);
      assert.ok((entraAfter.lastRequestAt ?? '') > (oktaBefore.lastRequestAt ?? ''), 'the request of two days later');
      const fresh = await roster.connections.list((await roster.tenants.create('quiet')).id, '');
      assert.deepEqual(fresh, []);
    });

    it('should prune by age and by count', async () => {
      const all = await entries();
      const dayAgo = new Date(clock.now().getTime() - DAY).toISOString();
      const old = all.filter((e) => e.at < dayAgo).length;
      assert.ok(old > 0 && old < all.length);
      const total = all.length;
      const keep = 4;
      const strict = await openRoster({
        databaseUrl: db.url,
        poolSize: 1,
        log: { retentionDays: 1, maxRows: keep },
        clock,
      });
      try {
        const pruned = await strict.provisioningLog.prune();
        assert.equal(pruned.byAge, old, 'the entries of two days before');
        assert.equal(pruned.byCount, total - old - keep);
        const left = await entries();
        assert.equal(left.length, keep);
        const newest = (
          await store.db
            .selectFrom('provisioning_log')
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirstOrThrow()
        ).id;
        assert.deepEqual(
          left.map((e) => e.id).sort((a, b) => a - b),
          [0, 1, 2, 3].map((i) => Number(newest) - 3 + i),
          'the newest are kept',
        );
        assert.deepEqual(await strict.provisioningLog.prune(), { byAge: 0, byCount: 0 });
      } finally {
        await strict.close();
      }
    });

    it('should never keep a secret, even one a client puts in the URL', async () => {
      await scim(entra.secret, 'GET', `/Users?access_token=${entra.secret}`);
      await scim(entra.secret, 'GET', `/Users/${entra.secret}`);
      await roster.provisioningLog.flush();
      const rows = JSON.stringify(await store.db.selectFrom('provisioning_log').selectAll().execute());
      assert.ok(!rows.includes(entra.secret));
      assert.ok(!rows.includes(entra.secret.slice(4)));
      assert.ok(rows.includes('access_token=rst_[redacted]'));
    });

    it('should write what is buffered when the app closes', async () => {
      const lazy = await openRoster({ databaseUrl: db.url, poolSize: 1, log: { flushIntervalMs: 60_000 } });
      const lazyApp = await buildApp({ roster: lazy, logLevel: 'silent' });
      const res = await lazyApp.inject({
        method: 'GET',
        url: '/scim/v2/Groups?count=7',
        headers: { authorization: `Bearer ${entra.secret}` },
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await entries({ text: 'count=7' }), [], 'still in memory');
      await lazyApp.close();
      assert.equal((await entries({ text: 'count=7' })).length, 1);
      await lazy.close();
    });

    it('should report a failed write and go on', async () => {
      const failures: string[] = [];
      const log = new ProvisioningLog(store, { ...roster.provisioningLog.settings, pruneIntervalMs: 3_600_000 });
      log.start((message) => failures.push(message));
      const entry = getEntry('entra', '/scim/v2/after-failure');
      log.record({ ...entry, tenantId: null as unknown as string });
      await log.flush();
      assert.deepEqual(failures, ['could not write 1 provisioning log entries']);
      log.record(entry);
      await log.stop();
      assert.equal((await entries({ text: 'after-failure' })).length, 1);
    });

    it('should write a batch in pieces of 100 on SQLite, answering requests between them, and whole on PostgreSQL', async () => {
      const sizes: number[] = [];
      const log = new ProvisioningLog(store, { ...roster.provisioningLog.settings, pruneIntervalMs: 3_600_000 });
      log.onBatch((n) => sizes.push(n));
      for (let i = 0; i < 250; i++) log.record(getEntry('okta', `/scim/v2/Users?piece=${i}`));
      let flushed = false;
      const flushing = log.flush().then(() => (flushed = true));
      const answered = await scim(okta.secret, 'GET', '/Users?count=0');
      assert.equal(answered.status, 200);
      if (dialect === 'sqlite') assert.equal(flushed, false, 'a request between two pieces');
      await flushing;
      await log.stop();
      assert.deepEqual(sizes, dialect === 'sqlite' ? [100, 100, 50] : [250]);
      assert.equal((await entries({ text: 'piece=' })).length, 250);
      const writer = store.backgroundWriter as SqliteWriterThread | undefined;
      assert.equal(writer?.threaded ?? false, name === 'sqlite, writer thread');
    });
  });
}
