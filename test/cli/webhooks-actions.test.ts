import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliFails, cliJson } from '../helpers/roster-cli.ts';
import { dialects, type FreshDatabase } from '../helpers/dialects.ts';
import { webhookCliSetup } from '../helpers/webhook-cli.ts';
import { appendUserEvents } from '../helpers/feed-events.ts';
import type { Receiver } from '../helpers/webhook-receiver.ts';

// Apart from webhooks.test.ts so that each file stays well under the runner's 5-minute limit.
for (const dialect of await dialects()) {
  describe(`roster webhooks disable, enable, rotate-secret, replay (${dialect})`, () => {
    let db: FreshDatabase;
    let receiver: Receiver;
    let env: Record<string, string>;

    before(async () => {
      ({ db, receiver, env } = await webhookCliSetup(dialect));
    });
    after(async () => {
      await receiver.close();
      await db.drop();
    });

    it('should disable, enable with a choice, rotate the secret and replay', async () => {
      const added = await cliJson(['webhooks', 'add', receiver.url], env);
      const disabled = await cliJson(['webhooks', 'disable', added.id], env);
      assert.equal(disabled.status, 'disabled');
      await cliFails(['webhooks', 'enable', added.id], env);
      const enabled = await cliJson(['webhooks', 'enable', added.id, '--skip-to-now'], env);
      assert.equal(enabled.status, 'enabled');
      const rotated = await cliJson(['webhooks', 'rotate-secret', added.id], env);
      assert.match(rotated.secret, /^whsec_/);
      assert.notEqual(rotated.secret, added.secret);
      assert.ok(rotated.previousSecretUntil);
      const tenants = await cliJson(['tenants', 'list'], env);
      await appendUserEvents(db.url, tenants[0].id, 3);
      const replayed = await cliJson(['webhooks', 'replay', added.id, '--from-seq', '1'], env);
      assert.equal(replayed.cursor, 0);
      assert.ok(replayed.pending >= 3);
      const since = await cliJson(['webhooks', 'replay', added.id, '--since', '2000-01-01T00:00:00Z'], env);
      assert.equal(since.cursor, 0);
      await cliJson(['webhooks', 'remove', added.id], env);
    });
  });
}
