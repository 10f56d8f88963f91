import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openRoster, type Roster } from '../../src/roster.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { appendUserEvents } from '../helpers/feed-events.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.ts';

const CLI = { kind: 'cli' } as const;
/** Longer than any test: the poll never delivers here. */
const HOUR = 3_600_000;

/** The seqs of the feed events a receiver got, in arrival order. */
const seqsOf = (receiver: Receiver): number[] =>
  receiver.received.map((r) => (JSON.parse(r.body) as { seq: number }).seq);

for (const dialect of await dialects()) {
  describe(`webhook sender thread (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let receiver: Receiver;
    let tenantId: string;
    let errors: string[];

    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({
        databaseUrl: db.url,
        poolSize: 4,
        clock: manualClock(),
        secretKey: 'a test key that is long enough to be accepted',
        webhookTargets: { allowHttp: true, allowPrivate: true },
        webhookDelivery: { pollMs: HOUR },
      });
      tenantId = (await roster.tenants.findBySlug('default'))!.id;
    });
    after(async () => {
      await roster.close();
      await db.drop();
    });
    /**
     * Delivers until no endpoint has events pending (a bound, not a measurement). On
     * PostgreSQL the publisher's news of the events starts a run beside runOnce's: runOnce may
     * find the endpoint leased by it, and end before it, or with it when it failed, and the
     * poll that would try again is an hour away.
     */
    const deliverAll = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        await roster.webhookDelivery.runOnce();
        const endpoints = await roster.webhooks.list(tenantId);
        if (endpoints.every((e) => e.pending === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    beforeEach(async () => {
      for (const endpoint of await roster.webhooks.list(tenantId))
        await roster.webhooks.remove(tenantId, endpoint.id, CLI);
      receiver = await startReceiver();
      errors = [];
      roster.webhookDelivery.start((message, error) => errors.push(`${message}: ${String(error)}`));
    });

    it('should send again, in order, the events a dying sender thread had not reported, and lose none', async () => {
      const { endpoint } = await roster.webhooks.add(tenantId, { url: receiver.url, actor: CLI });
      // The thread ends while the 4th POST waits for its answer, as a crashed thread would.
      receiver.respond = async (_request, index) => {
        if (index === 3) await roster.webhookDelivery.sender.close();
        return { status: 204 };
      };
      await appendUserEvents(db.url, tenantId, 10);
      const feed = (await roster.events.read(tenantId, { after: 0, limit: 1000, types: [] })).events;
      const expected = feed.slice(-10).map((e) => e.seq);
      await deliverAll();

      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0]!, /webhook delivery failed: .*sender thread/);
      const seqs = seqsOf(receiver);
      assert.deepEqual(seqs.slice(0, 4), expected.slice(0, 4));
      // Sent again from the first event not recorded as delivered (at most the 4th), then on to the end.
      const again = seqs.slice(4);
      const from = expected.indexOf(again[0]!);
      assert.ok(from >= 0 && from <= 3, `sent again from ${again[0]}`);
      assert.deepEqual(again, expected.slice(from));
      const state = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(state.cursor, expected.at(-1));
      assert.equal(state.pending, 0);
      const log = await roster.webhooks.deliveries(tenantId, endpoint.id);
      assert.deepEqual(
        log.map((d) => [d.seq, d.outcome]).reverse(),
        expected.map((seq) => [seq, 'delivered']),
        'each event recorded as delivered once',
      );
    });

    it('should leave no sender thread behind when stopped, and start one again for the next delivery', async () => {
      await roster.webhooks.add(tenantId, { url: receiver.url, actor: CLI });
      await appendUserEvents(db.url, tenantId, 3);
      await deliverAll();
      assert.equal(receiver.received.length, 3);
      assert.equal(roster.webhookDelivery.sender.running, true);
      await roster.webhookDelivery.stop();
      assert.equal(roster.webhookDelivery.sender.running, false);

      roster.webhookDelivery.start((message, error) => errors.push(`${message}: ${String(error)}`));
      await appendUserEvents(db.url, tenantId, 2);
      await deliverAll();
      assert.equal(receiver.received.length, 5);
      assert.deepEqual(errors, []);
    });
  });
}
