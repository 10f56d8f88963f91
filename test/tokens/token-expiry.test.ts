import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';

const DAY = 86_400_000;
const SYSTEM = { kind: 'system' } as const;

// Time passes on the Roster's clock, which the test moves: no timestamps written into tables.
for (const dialect of await dialects()) {
  describe(`a token's lifetime (${dialect})`, () => {
    const clock = manualClock();
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect, 'okta', { clock });
    });
    after(() => s.close());

    const call = async (secret: string) =>
      s.app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: `Bearer ${secret}` } });

    it('should refuse a token from the end of its lifetime, record token.expired once, and renew it for as long again', async () => {
      const connectionId = await s.roster.tokens.ensureConnection(s.tenantId, 'okta');
      const issued = await s.roster.tokens.issue(s.tenantId, connectionId, { name: 'weekly', expiresInDays: 7 });
      assert.equal((await call(issued.secret)).statusCode, 200);

      clock.advance(7 * DAY - 1);
      assert.equal((await call(issued.secret)).statusCode, 200, 'a millisecond before the end');
      clock.advance(1);
      const first = await call(issued.secret);
      assert.equal(first.statusCode, 401);
      assert.match(first.json<{ detail: string }>().detail, /expired/);
      assert.equal((await call(issued.secret)).statusCode, 401);
      const view = await s.roster.tokens.get(s.tenantId, issued.id);
      assert.equal(view.status, 'expired');
      const { events } = await s.roster.audit.list({ tenantId: s.tenantId, types: ['token.expired'] });
      assert.equal(events.length, 1, 'recorded once though presented twice');
      assert.equal(events[0]?.targetId, issued.id);
      assert.equal(events[0]?.requestId, first.headers['x-request-id'], 'the request that found it expired');

      clock.advance(3 * DAY);
      const renewed = await s.roster.tokens.renew(s.tenantId, issued.id, SYSTEM);
      assert.equal(renewed.token.expiresAt, new Date(clock.now().getTime() + 7 * DAY).toISOString());
      assert.equal((await call(renewed.secret)).statusCode, 200);
      assert.equal((await call(issued.secret)).statusCode, 401, 'the old secret stays refused');
    });
  });
}
