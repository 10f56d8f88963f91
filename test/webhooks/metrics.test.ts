import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RosterMetrics } from '../../src/http/metrics/roster-metrics.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { appendUserEvents } from '../helpers/feed-events.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.ts';

/** The value of one sample of the exposition text. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

for (const dialect of await dialects()) {
  describe(`webhook metrics (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let receiver: Receiver;
    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({
        databaseUrl: db.url,
        clock: manualClock(),
        secretKey: 'a test key that is long enough to be accepted',
        webhookTargets: { allowHttp: true, allowPrivate: true },
      });
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
      await roster.close();
      await db.drop();
    });

    it('should count attempts by outcome, observe the lag, and show the backlog, with no endpoint label', async () => {
      const metrics = new RosterMetrics(roster, { maxTenants: 10 });
      const tenantId = (await roster.tenants.findBySlug('default'))!.id;
      await roster.webhooks.add(tenantId, { url: receiver.url, actor: { kind: 'cli' } });
      receiver.respond = (_req, index) => ({ status: index === 2 ? 500 : 200 });
      await appendUserEvents(db.url, tenantId, 3);
      await roster.webhookDelivery.runOnce();
      const { body } = await metrics.text();
      assert.equal(sample(body, 'roster_webhook_attempts_total', { outcome: 'delivered' }), 2);
      assert.equal(sample(body, 'roster_webhook_attempts_total', { outcome: 'retrying' }), 1);
      assert.equal(sample(body, 'roster_webhook_delivery_lag_seconds_count'), 2);
      assert.equal(sample(body, 'roster_webhook_backlog', { kind: 'pending_events' }), 1);
      assert.equal(sample(body, 'roster_webhook_backlog', { kind: 'retrying' }), 1);
      assert.doesNotMatch(body, /roster_webhook_\w+\{[^}]*(endpoint|tenant)=/);
      metrics.stop(roster);
    });
  });
}
