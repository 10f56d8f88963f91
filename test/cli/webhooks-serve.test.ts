import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServe, type RunningServer } from '../helpers/cli.ts';
import { cliJson, scimOver } from '../helpers/roster-cli.ts';
import { dialects, type FreshDatabase } from '../helpers/dialects.ts';
import { webhookCliSetup } from '../helpers/webhook-cli.ts';
import { verifyStandardWebhook, type Receiver } from '../helpers/webhook-receiver.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Waits until `ready()` holds, polling; fails after a generous minute (a loaded machine is slow, never this slow). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(ready(), what);
}

for (const dialect of await dialects()) {
  describe(`roster serve delivers webhooks (${dialect})`, () => {
    let db: FreshDatabase;
    let receiver: Receiver;
    let server: RunningServer;
    let env: Record<string, string>;

    before(async () => {
      ({ db, receiver, env } = await webhookCliSetup(dialect));
      server = await startServe(env);
    });
    after(async () => {
      await server.stop();
      await receiver.close();
      await db.drop();
    });

    it('should deliver what SCIM writes commit, in order, signed, after a failing start', async () => {
      receiver.respond = (_req, index) => ({ status: index === 0 ? 503 : 200, headers: { 'retry-after': '0' } });
      const added = await cliJson(['webhooks', 'add', receiver.url, '--events', 'user.created,user.deleted'], env);
      const { token } = await cliJson(['tokens', 'create', '--idp', 'okta'], env);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await scimOver(server.origin, token, 'POST', '/Users', {
          schemas: [USER],
          userName: `hook${i}@example.com`,
        });
        assert.equal(res.status, 201);
        ids.push(res.body.id);
      }
      assert.equal((await scimOver(server.origin, token, 'DELETE', `/Users/${ids[0]}`)).status, 204);
      await until(() => receiver.received.length >= 7, 'every event arrives');
      type Sent = { seq: number; type: string; resource: { id: string }; data: { userName?: string } };
      const events = receiver.received.slice(1).map((r) => JSON.parse(r.body) as Sent);
      const seqs = events.map((e) => e.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
      );
      assert.equal(new Set(seqs).size, 6);
      assert.deepEqual(
        events.map((e) => e.type),
        [...Array<string>(5).fill('user.created'), 'user.deleted'],
      );
      assert.deepEqual(
        events.slice(0, 5).map((e) => e.data.userName),
        [0, 1, 2, 3, 4].map((i) => `hook${i}@example.com`),
      );
      assert.equal(events[5]!.resource.id, ids[0]);
      assert.equal(JSON.parse(receiver.received[0]!.body).seq, seqs[0], 'the failed event came first, and again');
      for (const r of receiver.received)
        assert.ok(verifyStandardWebhook(added.secret, r, Math.floor(Date.now() / 1000)));
      assert.ok(!server.output().includes(added.secret.slice(6)), 'the server log holds no secret');
    });
  });
}
