import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { dialects } from '../helpers/dialects.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.ts';

const CLI = { kind: 'cli' } as const;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Longer than any test: what these tests see was not brought by the poll. */
const HOUR = 3_600_000;

interface Sent {
  readonly type: string;
  readonly resource: { readonly id: string };
}

/** The resource ids of the `user.created` events a receiver got, in arrival order. */
const createdIds = (receiver: Receiver): string[] =>
  receiver.received
    .map((r) => JSON.parse(r.body) as Sent)
    .filter((e) => e.type === 'user.created')
    .map((e) => e.resource.id);

/** Resolves once `check` holds; fails the test when it never does (a bound, not a measurement). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), what);
}

for (const dialect of await dialects()) {
  describe(`webhook delivery woken by published events (${dialect})`, () => {
    let server: TestServer;
    let receiver: Receiver;

    const createUser = async (userName: string): Promise<string> => {
      const res = await server.scim('POST', '/Users', { schemas: [USER], userName });
      assert.equal(res.status, 201);
      return (res.body as { id: string }).id;
    };

    beforeEach(async () => {
      server = await startServer(dialect, 'generic', {
        clock: manualClock(),
        secretKey: 'a test key that is long enough to be accepted',
        webhookTargets: { allowHttp: true, allowPrivate: true },
        webhookDelivery: { pollMs: HOUR },
      });
      receiver = await startReceiver();
      await server.roster.webhooks.add(server.tenantId, { url: receiver.url, actor: CLI });
      server.roster.webhookDelivery.start((message, error) => assert.fail(`${message}: ${String(error)}`));
    });
    afterEach(async () => {
      await server.close();
      await receiver.close();
    });

    it('should attempt a delivery as soon as the event is published, without waiting for the poll', async () => {
      const id = await createUser('wake@example.com');
      await eventually(() => createdIds(receiver).includes(id), 'the event reached the receiver before the poll');
      assert.deepEqual(createdIds(receiver), [id]);
    });

    it('should deliver, in order, events committed while the endpoint was being delivered', async () => {
      let letGo: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      receiver.respond = async (_request, index) => {
        if (index === 0) await held;
        return { status: 204 };
      };
      const first = await createUser('first@example.com');
      await eventually(() => receiver.received.length === 1, 'the first attempt is under way');
      const second = await createUser('second@example.com');
      const third = await createUser('third@example.com');
      letGo();
      await eventually(() => createdIds(receiver).length === 3, 'the later events followed the run');
      assert.deepEqual(createdIds(receiver), [first, second, third]);
      // Successes are recorded in groups, after their answers: runOnce waits for the run.
      await server.roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 3, 'each event once');
      const endpoint = (await server.roster.webhooks.list(server.tenantId))[0]!;
      assert.equal(endpoint.pending, 0);
    });

    it('should not bring a retry forward when more events are published', async () => {
      receiver.respond = () => ({ status: 503 });
      await createUser('failing@example.com');
      await eventually(() => receiver.received.length === 1, 'the first attempt was made');
      await createUser('more@example.com');
      await createUser('again@example.com');
      // Waits for whatever run the news started (runOnce waits for the runs under way).
      await server.roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 1, 'no attempt before the retry is due');
      const [state] = await server.roster.webhooks.list(server.tenantId);
      assert.equal(state?.attempts, 1);
      assert.equal(state.pending, 3);
    });
  });
  describe(`webhook delivery started with no endpoint (${dialect})`, () => {
    it('should deliver at once to an endpoint added afterwards, without waiting for the poll', async () => {
      const server = await startServer(dialect, 'generic', {
        clock: manualClock(),
        secretKey: 'a test key that is long enough to be accepted',
        webhookTargets: { allowHttp: true, allowPrivate: true },
        webhookDelivery: { pollMs: HOUR },
      });
      const receiver = await startReceiver();
      try {
        // Its first look finds no endpoint: from then on, published events alone are no
        // reason to look, until an endpoint is added here.
        server.roster.webhookDelivery.start((message, error) => assert.fail(`${message}: ${String(error)}`));
        const create = async (userName: string): Promise<string> => {
          const res = await server.scim('POST', '/Users', { schemas: [USER], userName });
          assert.equal(res.status, 201);
          return (res.body as { id: string }).id;
        };
        await create('nobody-listens@example.com');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await server.roster.webhooks.add(server.tenantId, { url: receiver.url, actor: CLI });
        const id = await create('listened@example.com');
        await eventually(() => createdIds(receiver).includes(id), 'the event reached the new endpoint before the poll');
        assert.deepEqual(createdIds(receiver), [id], 'only what was committed after the endpoint was added');
      } finally {
        await server.close();
        await receiver.close();
      }
    });
  });
}
