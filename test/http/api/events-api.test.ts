import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { api, appToken, feedEnd, writeEvents } from '../../helpers/feed.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Asserts the API's JSON error body. */
function assertError(
  res: { status: number; body: any; text: string },
  status: number,
  code: string,
  parameter?: string,
) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error.code, code, res.text);
  assert.equal(typeof res.body.error.message, 'string');
  assert.equal(res.body.error.parameter, parameter, res.text);
}

for (const dialect of await dialects()) {
  describe(`GET /api/v1/events (${dialect})`, () => {
    let s: TestServer;
    let token: string;
    before(async () => {
      s = await startServer(dialect);
      token = await appToken(s.roster, s.tenantId, 'mirror');
    });
    after(() => s.close());

    it('should refuse no token, an unknown one and an inactive one with 401, an IdP token with 403', async () => {
      assertError(await api(s.app, undefined, '/events'), 401, 'unauthorized');
      assertError(await api(s.app, 'rsa_nope', '/events'), 401, 'unauthorized');
      assertError(await api(s.app, 'rst_nope', '/events'), 401, 'unauthorized');
      const idp = await api(s.app, s.token, '/events');
      assertError(idp, 403, 'forbidden');
      assert.match(idp.body.error.message, /application token/);
      const spare = await s.roster.applications.issue(s.tenantId, { name: 'spare', actor: { kind: 'system' } });
      await s.roster.applications.deactivate(s.tenantId, spare.token.id, { kind: 'system' });
      assertError(await api(s.app, spare.secret, '/events'), 401, 'unauthorized');
      const inUrl = await s.app.inject({ method: 'GET', url: `/api/v1/events?access_token=${token}` });
      assert.equal(inUrl.statusCode, 401);
    });

    it('should refuse a token without events:read with 403', async () => {
      const directoryOnly = await appToken(s.roster, s.tenantId, 'reader', 'directory:read');
      const res = await api(s.app, directoryOnly, '/events');
      assertError(res, 403, 'forbidden');
      assert.match(res.body.error.message, /events:read/);
    });

    it('should refuse bad parameters with 400 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['after=not-a-cursor', 'after'],
        [`after=${Buffer.from('["feed",-1]').toString('base64url')}`, 'after'],
        [`after=${Buffer.from('["other",1]').toString('base64url')}`, 'after'],
        ['limit=0', 'limit'],
        ['limit=1001', 'limit'],
        ['limit=ten', 'limit'],
        ['limit=1&limit=2', 'limit'],
        ['wait=31', 'wait'],
        ['wait=-1', 'wait'],
        ['wait=1.5', 'wait'],
        ['types=user.created,user.nope', 'types'],
        ['types=', 'types'],
        ['since=2026-01-01', 'since'],
      ];
      for (const [query, parameter] of cases) {
        const res = await api(s.app, token, `/events?${query}`);
        assertError(res, 400, 'invalid_parameter', parameter);
      }
    });

    it('should page through events in ascending order with nextCursor and hasMore, and filter by type', async () => {
      const start = await feedEnd(s.app, token);
      await writeEvents(s.databaseUrl, s.tenantId, 5);
      await writeEvents(s.databaseUrl, s.tenantId, 2, 'group.deleted');
      const first = await api(s.app, token, `/events?after=${start}&limit=4`);
      assert.equal(first.status, 200);
      assert.equal(first.body.data.length, 4);
      assert.equal(first.body.hasMore, true);
      const second = await api(s.app, token, `/events?after=${first.body.nextCursor}&limit=4`);
      assert.equal(second.body.data.length, 3);
      assert.equal(second.body.hasMore, false);
      const seqs = [...first.body.data, ...second.body.data].map((e: any) => e.seq);
      for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, 'contiguous and ascending');
      const event = first.body.data[0];
      for (const key of ['id', 'seq', 'type', 'occurredAt', 'tenant', 'resource', 'data']) assert.ok(key in event, key);
      assert.equal(event.tenant, s.tenantId);
      const deleted = await api(s.app, token, `/events?after=${start}&types=group.deleted`);
      assert.deepEqual(
        deleted.body.data.map((e: any) => e.type),
        ['group.deleted', 'group.deleted'],
      );
      // Nothing new: the cursor stays where the feed ends.
      const none = await api(s.app, token, `/events?after=${second.body.nextCursor}`);
      assert.deepEqual(none.body.data, []);
      assert.equal(none.body.nextCursor, second.body.nextCursor);
      assert.equal(none.headers['cache-control'], 'no-store');
    });

    it('should record the changes SCIM makes, with the resource and its version', async () => {
      const start = await feedEnd(s.app, token);
      const created = await s.scim('POST', '/Users', { schemas: [USER], userName: 'feed.ann' });
      assert.equal(created.status, 201);
      const res = await api(s.app, token, `/events?after=${start}&types=user.created`);
      assert.equal(res.status, 200);
      const mine = res.body.data.filter((e: any) => e.resource.id === created.body.id);
      assert.equal(mine.length, 1, res.text);
      assert.equal(mine[0].resource.version, created.body.meta.version);
      assert.equal(mine[0].data.userName, 'feed.ann');
      assert.equal(mine[0].connection.idpKind, 'generic');
    });

    it('should answer a long poll as soon as an event is committed', async () => {
      const start = await feedEnd(s.app, token);
      const began = Date.now();
      const waiting = api(s.app, token, `/events?after=${start}&wait=20`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writeEvents(s.databaseUrl, s.tenantId, 1);
      const res = await waiting;
      const took = Date.now() - began;
      assert.equal(res.status, 200);
      assert.equal(res.body.data.length, 1);
      assert.ok(took < 5_000, `answered after ${took} ms, not at the end of the wait`);
    });

    it('should answer an empty long poll when the wait ends', async () => {
      const start = await feedEnd(s.app, token);
      const began = Date.now();
      const res = await api(s.app, token, `/events?after=${start}&wait=1`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, []);
      assert.ok(Date.now() - began >= 900);
    });

    it('should show an application token of another tenant nothing of this one', async () => {
      await writeEvents(s.databaseUrl, s.tenantId, 3);
      const other = await s.roster.tenants.create(`other-${dialect}`);
      const foreign = await appToken(s.roster, other.id, 'mirror');
      const res = await api(s.app, foreign, '/events');
      assert.equal(res.status, 200);
      assert.ok(res.body.data.every((e: any) => e.tenant === other.id));
      // A cursor from this tenant's feed reads the other tenant's feed only.
      const mine = await feedEnd(s.app, token);
      const crossed = await api(s.app, foreign, `/events?after=${mine}`);
      assert.ok(crossed.status === 200 || crossed.status === 410);
      if (crossed.status === 200) assert.ok(crossed.body.data.every((e: any) => e.tenant === other.id));
      const snapshot = await api(s.app, foreign, '/snapshot');
      assert.doesNotMatch(snapshot.text, /feed\.ann/);
    });

    it('should answer 410 with a link to the snapshot for a cursor older than retention', async () => {
      const old = await api(s.app, token, '/events?limit=1');
      await writeEvents(s.databaseUrl, s.tenantId, 2);
      await s.roster.events.prune(new Date(Date.now() + 60_000).toISOString());
      const gone = await api(s.app, token, `/events?after=${old.body.nextCursor}`);
      assertError(gone, 410, 'cursor_expired', 'after');
      assert.match(gone.body.error.message, /snapshot/);
      assert.equal(gone.body.error.snapshot, 'https://roster.test/api/v1/snapshot');
      // From the beginning is also behind the cut: the snapshot is the way back.
      assert.equal((await api(s.app, token, '/events')).status, 410);
    });
  });
}

describe('long polls and the server around them', () => {
  it('should end a long poll when its client goes away, and answer waiting polls at once on shutdown', async () => {
    const [dialect] = await dialects();
    const s = await startServer(dialect!);
    try {
      const token = await appToken(s.roster, s.tenantId, 'mirror');
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = s.app.server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/v1/events?after=${await feedEnd(s.app, token)}&wait=30`;
      const headers = { authorization: `Bearer ${token}` };
      // A client that gives up: its request is aborted; the server must not keep it for 30 s.
      const gaveUp = new AbortController();
      const abandoned = fetch(url, { headers, signal: gaveUp.signal }).catch(() => 'aborted');
      await new Promise((resolve) => setTimeout(resolve, 300));
      gaveUp.abort();
      assert.equal(await abandoned, 'aborted');
      const waiting = fetch(url, { headers });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const began = Date.now();
      const closed = s.app.close();
      const res = await waiting;
      assert.ok(Date.now() - began < 3_000, `the waiting poll was answered after ${Date.now() - began} ms`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('connection'), 'close', 'its connection does not linger idle');
      assert.deepEqual((await res.json()).data, []);
      await closed;
      assert.ok(Date.now() - began < 15_000, `shutdown took ${Date.now() - began} ms`);
    } finally {
      await s.roster.close();
    }
  });
});
