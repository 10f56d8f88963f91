import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openRoster, type Roster } from '../../src/roster.ts';
import { AdminError } from '../../src/shared/admin-error.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { appendUserEvents } from '../helpers/feed-events.ts';
import { manualClock, type ManualClock } from '../helpers/manual-clock.ts';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../helpers/webhook-receiver.ts';

const CLI = { kind: 'cli' } as const;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The seqs of the feed events a receiver got, in arrival order. */
const seqsOf = (receiver: Receiver): number[] =>
  receiver.received.map((r) => (JSON.parse(r.body) as { seq: number }).seq);

for (const dialect of await dialects()) {
  describe(`webhook delivery (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let clock: ManualClock;
    let receiver: Receiver;
    let tenantId: string;

    const open = (c: ManualClock, allowPrivate = true) =>
      openRoster({
        databaseUrl: db.url,
        poolSize: 4,
        clock: c,
        secretKey: 'a test key that is long enough to be accepted',
        webhookTargets: { allowHttp: true, allowPrivate },
        // No jitter: the test moves the clock by the schedule's steps exactly.
        random: () => 0.5,
      });
    const addEndpoint = (eventTypes?: string[]) =>
      roster.webhooks.add(tenantId, { url: receiver.url, actor: CLI, ...(eventTypes ? { eventTypes } : {}) });
    const append = (count: number) => appendUserEvents(db.url, tenantId, count);

    before(async () => {
      db = await freshDatabase(dialect);
      clock = manualClock();
      roster = await open(clock);
      tenantId = (await roster.tenants.findBySlug('default'))!.id;
    });
    after(async () => {
      await roster.close();
      await db.drop();
    });
    beforeEach(async () => {
      for (const endpoint of await roster.webhooks.list(tenantId))
        await roster.webhooks.remove(tenantId, endpoint.id, CLI);
      receiver = await startReceiver();
    });

    it('should send each event once, in seq order, signed so that the Standard Webhooks check passes', async () => {
      const { endpoint, secret } = await addEndpoint();
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      await append(5);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 5);
      const first = (await roster.events.read(tenantId, { after: 0, limit: 1000, types: [] })).events;
      const expected = first.slice(-5).map((e) => e.seq);
      assert.deepEqual(seqsOf(receiver), expected);
      for (const request of receiver.received) {
        assert.ok(verifyStandardWebhook(secret, request, Math.floor(clock.now().getTime() / 1000)));
        assert.equal(request.headers['webhook-id'], (JSON.parse(request.body) as { id: string }).id);
        assert.equal(request.headers['content-type'], 'application/json');
        assert.ok(
          !verifyStandardWebhook(
            secret,
            { ...request, body: `${request.body} ` },
            Math.floor(clock.now().getTime() / 1000),
          ),
        );
      }
      const after = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(after.cursor, expected.at(-1));
      assert.equal(after.pending, 0);
      const log = await roster.webhooks.deliveries(tenantId, endpoint.id);
      assert.deepEqual(
        log.map((d) => [d.seq, d.outcome, d.responseStatus]).reverse(),
        expected.map((seq) => [seq, 'delivered', 200]),
      );
    });

    it('should keep the order across failures: nothing lost, nothing sent twice but the failed attempts', async () => {
      const { endpoint } = await addEndpoint();
      receiver.respond = (_req, index) => ({ status: index < 3 ? 500 : 204 });
      await append(4);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 1, 'one attempt, then it waits');
      let state = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(state.attempts, 1);
      assert.equal(state.nextAttemptAt, new Date(clock.now().getTime() + 5_000).toISOString());
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 1, 'not before the retry is due');
      clock.advance(5_000);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 2);
      clock.advance(5 * MINUTE);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 3);
      clock.advance(30 * MINUTE);
      await roster.webhookDelivery.runOnce();
      const seqs = seqsOf(receiver);
      assert.equal(seqs.length, 7);
      const firstSeq = seqs[0]!;
      assert.deepEqual(seqs, [firstSeq, firstSeq, firstSeq, firstSeq, firstSeq + 1, firstSeq + 2, firstSeq + 3]);
      state = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(state.attempts, 0);
      assert.equal(state.failingSince, null);
      const log = (await roster.webhooks.deliveries(tenantId, endpoint.id)).reverse();
      assert.deepEqual(
        log.map((d) => [d.attempt, d.outcome]),
        [
          [1, 'retrying'],
          [2, 'retrying'],
          [3, 'retrying'],
          [4, 'delivered'],
          [1, 'delivered'],
          [1, 'delivered'],
          [1, 'delivered'],
        ],
      );
    });

    it('should disable the endpoint when the receiver answers 410 Gone, and record why', async () => {
      const { endpoint } = await addEndpoint();
      receiver.respond = () => ({ status: 410 });
      await append(2);
      await roster.webhookDelivery.runOnce();
      const state = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(state.status, 'disabled');
      assert.equal(state.disabledReason, 'gone');
      clock.advance(HOUR);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 1, 'nothing more is sent');
      const audit = await roster.audit.list({ tenantId, types: ['webhook.disabled'] });
      const disabled = audit.events.find((e) => e.targetId === endpoint.id);
      assert.equal(disabled?.actor, 'system');
      assert.deepEqual(disabled?.details, { url: endpoint.url, description: '', reason: 'gone', cursor: state.cursor });
    });

    it("should wait what a 429's Retry-After says, not the schedule's 5 seconds", async () => {
      const { endpoint } = await addEndpoint();
      receiver.respond = (_req, index) =>
        index === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 };
      await append(1);
      await roster.webhookDelivery.runOnce();
      const state = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(state.nextAttemptAt, new Date(clock.now().getTime() + 120_000).toISOString());
      clock.advance(119_000);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 1);
      clock.advance(1_000);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 2);
      assert.equal((await roster.webhooks.get(tenantId, endpoint.id)).pending, 0);
    });

    it('should retry on the schedule for more than 3 days, then disable the endpoint after 5 days of failures', async () => {
      const { endpoint } = await addEndpoint();
      receiver.respond = () => ({ status: 503 });
      await append(1);
      const waits: number[] = [];
      for (let i = 0; i < 20; i++) {
        await roster.webhookDelivery.runOnce();
        const state = await roster.webhooks.get(tenantId, endpoint.id);
        if (state.status === 'disabled') break;
        const wait = Date.parse(state.nextAttemptAt!) - clock.now().getTime();
        waits.push(wait);
        clock.advance(wait);
      }
      assert.deepEqual(waits.slice(0, 9), [
        5_000,
        5 * MINUTE,
        30 * MINUTE,
        2 * HOUR,
        5 * HOUR,
        10 * HOUR,
        14 * HOUR,
        20 * HOUR,
        24 * HOUR,
      ]);
      assert.ok(waits.slice(0, 9).reduce((a, b) => a + b, 0) > 3 * 24 * HOUR);
      const state = await roster.webhooks.get(tenantId, endpoint.id);
      assert.equal(state.status, 'disabled');
      assert.equal(state.disabledReason, 'failing');
      assert.ok(clock.now().getTime() - Date.parse(state.failingSince!) >= 5 * 24 * HOUR);
    });

    it('should resume from the cursor or skip to now when re-enabled, as the owner chooses', async () => {
      const { endpoint } = await addEndpoint();
      await roster.webhooks.disable(tenantId, endpoint.id, CLI);
      await append(3);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 0, 'a disabled endpoint gets nothing');
      await roster.webhooks.enable(tenantId, endpoint.id, 'resume', CLI);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 3, 'resume: what it missed');
      await roster.webhooks.disable(tenantId, endpoint.id, CLI);
      await append(2);
      const skipped = await roster.webhooks.enable(tenantId, endpoint.id, 'skip', CLI);
      assert.equal(skipped.pending, 0);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 3, 'skip: nothing of what happened meanwhile');
    });

    it('should send again from a seq or a time on replay, in order', async () => {
      const { endpoint } = await addEndpoint();
      await append(3);
      await roster.webhookDelivery.runOnce();
      const seqs = seqsOf(receiver);
      await roster.webhooks.replay(tenantId, endpoint.id, { fromSeq: seqs[1]! }, CLI);
      await roster.webhookDelivery.runOnce();
      assert.deepEqual(seqsOf(receiver), [...seqs, ...seqs.slice(1)]);
      // The outbox stamps events with the system clock: the time to replay from is read from it too.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const since = new Date().toISOString();
      await append(1);
      await roster.webhooks.replay(tenantId, endpoint.id, { since }, CLI);
      assert.equal(
        (await roster.webhooks.get(tenantId, endpoint.id)).pending,
        1,
        'only the event at or after the time',
      );
      await assert.rejects(
        roster.webhooks.replay(tenantId, endpoint.id, { fromSeq: 10_000 }, CLI),
        /beyond the last event/,
      );
      const audit = await roster.audit.list({ tenantId, types: ['webhook.replayed'] });
      assert.equal(audit.events.filter((e) => e.targetId === endpoint.id).length, 2);
    });

    it('should sign with both secrets while a rotation overlaps', async () => {
      const { endpoint, secret: old } = await addEndpoint();
      const { secret: rotated } = await roster.webhooks.rotateSecret(tenantId, endpoint.id, CLI);
      assert.notEqual(rotated, old);
      await append(1);
      await roster.webhookDelivery.runOnce();
      const request = receiver.received[0]!;
      const now = Math.floor(clock.now().getTime() / 1000);
      assert.equal(String(request.headers['webhook-signature']).split(' ').length, 2);
      assert.ok(verifyStandardWebhook(old, request, now));
      assert.ok(verifyStandardWebhook(rotated, request, now));
      clock.advance(25 * HOUR);
      await append(1);
      await roster.webhookDelivery.runOnce();
      const later = receiver.received[1]!;
      const then = Math.floor(clock.now().getTime() / 1000);
      assert.ok(verifyStandardWebhook(rotated, later, then));
      assert.ok(!verifyStandardWebhook(old, later, then), 'the old secret stops signing after the overlap');
    });

    it('should send only the event types an endpoint asked for, passing over the others', async () => {
      const { endpoint } = await addEndpoint(['group.created']);
      await append(3);
      await roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 0);
      assert.equal((await roster.webhooks.get(tenantId, endpoint.id)).pending, 0);
    });

    it('should deliver each event once when two instances share the database', async () => {
      const other = await open(clock);
      try {
        await addEndpoint();
        await append(20);
        await Promise.all([roster.webhookDelivery.runOnce(), other.webhookDelivery.runOnce()]);
        await Promise.all([roster.webhookDelivery.runOnce(), other.webhookDelivery.runOnce()]);
        const seqs = seqsOf(receiver);
        assert.equal(seqs.length, 20);
        assert.deepEqual(
          seqs,
          [...seqs].sort((a, b) => a - b),
        );
        assert.equal(new Set(seqs).size, 20);
      } finally {
        await other.close();
      }
    });

    it('should refuse bad input with a clear error and change nothing', async () => {
      const strict = await open(clock, false);
      try {
        const cases: [string, string[] | undefined, RegExp][] = [
          ['not a url', undefined, /is not a webhook URL/],
          ['ftp://example.com/x', undefined, /must start with https:\/\//],
          ['https://user:pw@example.com/x', undefined, /is not a webhook URL/],
          ['https://example.com/x', ['user.created', 'user.exploded'], /Unknown event type "user.exploded"/],
          ['https://127.0.0.1/x', undefined, /127\.0\.0\.1 is or resolves to a loopback/],
          ['https://[::1]/x', undefined, /loopback/],
          ['https://169.254.169.254/latest', undefined, /private address/],
          ['https://10.1.2.3/x', undefined, /private address/],
          ['https://192.168.1.1/x', undefined, /private address/],
          ['https://[fd00::1]/x', undefined, /private address/],
          ['https://[::ffff:127.0.0.1]/x', undefined, /private address/],
          ['https://localhost/x', undefined, /localhost is or resolves to a loopback/],
        ];
        for (const [url, eventTypes, message] of cases) {
          await assert.rejects(
            strict.webhooks.add(tenantId, { url, actor: CLI, ...(eventTypes ? { eventTypes } : {}) }),
            (error: unknown) => error instanceof AdminError && message.test(error.message),
            url,
          );
        }
        assert.deepEqual(await strict.webhooks.list(tenantId), []);
        const audit = await strict.audit.list({ tenantId, types: ['webhook.created'] });
        assert.equal(
          audit.events.filter((e) => cases.some(([url]) => (e.details as { url?: string }).url === url)).length,
          0,
        );
      } finally {
        await strict.close();
      }
    });

    it('should refuse at delivery time an address that policy forbids, and log why', async () => {
      const { endpoint } = await addEndpoint();
      const strict = await open(clock, false);
      try {
        await append(1);
        await strict.webhookDelivery.runOnce();
        assert.equal(receiver.received.length, 0);
        const [attempt] = await strict.webhooks.deliveries(tenantId, endpoint.id);
        assert.equal(attempt?.outcome, 'retrying');
        assert.match(attempt?.error ?? '', /127\.0\.0\.1.*loopback/);
      } finally {
        await strict.close();
      }
    });
  });
}
