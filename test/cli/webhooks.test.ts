import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { cliFails, cliJson } from '../helpers/roster-cli.ts';
import { dialects, type FreshDatabase } from '../helpers/dialects.ts';
import { webhookCliSetup } from '../helpers/webhook-cli.ts';
import { verifyStandardWebhook, type Receiver } from '../helpers/webhook-receiver.ts';

describe('roster webhooks --help', () => {
  it('should list every webhooks command and the options that choose', async () => {
    const res = await runCli(['webhooks', '--help'], {});
    assert.equal(res.code, 0);
    for (const command of [
      'add',
      'list',
      'deliveries',
      'remove',
      'enable',
      'disable',
      'rotate-secret',
      'replay',
      'test',
    ]) {
      assert.match(res.stdout, new RegExp(`\\b${command} \\[options\\]`), command);
    }
    const enable = await runCli(['webhooks', 'enable', '--help'], {});
    assert.match(enable.stdout, /--resume/);
    assert.match(enable.stdout, /--skip-to-now/);
  });
});

for (const dialect of await dialects()) {
  describe(`roster webhooks (${dialect})`, () => {
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

    it('should add an endpoint, print its secret once, and never list it', async () => {
      const added = await cliJson(
        ['webhooks', 'add', receiver.url, '--events', 'user.created,user.deleted', '--description', 'mirror'],
        env,
      );
      assert.match(added.secret, /^whsec_/);
      assert.deepEqual(added.eventTypes, ['user.created', 'user.deleted']);
      const list = await runCli(['webhooks', 'list'], env);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /user\.created,user\.deleted/);
      assert.ok(!list.stdout.includes(added.secret));
      const json = await runCli(['webhooks', 'list', '--json'], env);
      assert.ok(!json.stdout.includes(added.secret.slice(6)));
      const audit = await runCli(['audit', 'list', '--json'], env);
      assert.ok(!audit.stdout.includes(added.secret.slice(6)), 'the audit history keeps no secret');
      await cliJson(['webhooks', 'remove', added.id.slice(0, 8)], env);
      assert.deepEqual(await cliJson(['webhooks', 'list'], env), []);
    });

    it('should send a signed test event and say what the endpoint answered', async () => {
      const added = await cliJson(['webhooks', 'add', receiver.url], env);
      const before = receiver.received.length;
      const ok = await cliJson(['webhooks', 'test', added.id], env);
      assert.equal(ok.status, 200);
      const request = receiver.received[before]!;
      assert.equal(JSON.parse(request.body).type, 'webhook.test');
      assert.ok(verifyStandardWebhook(added.secret, request, Math.floor(Date.now() / 1000)));
      receiver.respond = () => ({ status: 500 });
      const failed = await runCli(['webhooks', 'test', added.id], env);
      assert.equal(failed.code, 1);
      assert.match(failed.stdout, /answered 500/);
      receiver.respond = () => ({ status: 200 });
      const log = await cliJson(['webhooks', 'deliveries', added.id], env);
      assert.deepEqual(
        log.map((d: { responseStatus: number }) => d.responseStatus),
        [500, 200],
      );
      await cliJson(['webhooks', 'remove', added.id], env);
    });

    it('should refuse bad input with one line and change nothing', async () => {
      const cases: [string[], RegExp][] = [
        [['webhooks', 'add', 'not a url'], /is not a webhook URL/],
        [
          ['webhooks', 'add', 'https://example.com/h', '--events', 'user.created,user.exploded'],
          /Unknown event type "user.exploded"/,
        ],
        [['webhooks', 'replay', 'ffffffff', '--from-seq', '1'], /No webhook endpoint "ffffffff"/],
        [['webhooks', 'replay', 'ffffffff'], /--from-seq <n> or --since <time>/],
        [['webhooks', 'add', 'https://example.com/h', '--tenant', 'nope'], /No tenant "nope"/],
        [
          ['webhooks', 'add', 'https://example.com/h', '--format', 'bogus'],
          /Unknown webhook format "bogus"; the formats are: roster, set/,
        ],
        [
          ['webhooks', 'add', 'https://example.com/h', '--format', 'set', '--events', 'token.created'],
          /receives only SCIM resource events; "token.created" is not one/,
        ],
      ];
      const strict = { ...env, ROSTER_WEBHOOKS_ALLOW_HTTP: 'false', ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'false' };
      const all: [string[], Record<string, string>, RegExp][] = [
        ...cases.map(([args, message]): [string[], Record<string, string>, RegExp] => [args, env, message]),
        [['webhooks', 'add', receiver.url], strict, /must start with https:\/\//],
        [['webhooks', 'add', 'https://127.0.0.1:9/h'], strict, /loopback/],
        [
          ['webhooks', 'add', 'https://x.example'],
          { ...env, ROSTER_WEBHOOKS_ALLOW_HTTP: 'maybe' },
          /ROSTER_WEBHOOKS_ALLOW_HTTP must be true or false/,
        ],
      ];
      // Side by side: they only read, and a CLI run mostly waits to start.
      const results = await Promise.all(all.map(([args, withEnv]) => cliFails(args, withEnv)));
      results.forEach((res, i) => assert.match(res.stderr, all[i]![2], all[i]![0].join(' ')));
      assert.deepEqual(await cliJson(['webhooks', 'list'], env), []);
    });

    it('should add a Security Event Token endpoint, list its format, and audit it', async () => {
      const added = await cliJson(['webhooks', 'add', receiver.url, '--format', 'set'], env);
      assert.equal(added.format, 'set');
      const list = await runCli(['webhooks', 'list'], env);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /\bFORMAT\b/);
      assert.match(list.stdout, new RegExp(`${added.id.slice(0, 8)}.*\\bset\\b`));
      const audit = await cliJson(['audit', 'list'], env);
      const created = audit.events.find((e: any) => e.type === 'webhook.created' && e.targetId === added.id);
      assert.equal(created?.details.format, 'set');
      const before = receiver.received.length;
      const tested = await cliJson(['webhooks', 'test', added.id], env);
      assert.equal(tested.ok, true);
      assert.equal(receiver.received[before]?.headers['content-type'], 'application/secevent+jwt');
      await cliJson(['webhooks', 'remove', added.id], env);
    });

    if (dialect === 'postgres') {
      it('should refuse to add an endpoint on PostgreSQL without ROSTER_SECRET_KEY', async () => {
        const { ROSTER_SECRET_KEY: _, ...withoutKey } = env;
        const res = await cliFails(['webhooks', 'add', receiver.url], { ...withoutKey, ROSTER_SECRET_KEY: '' });
        assert.match(res.stderr, /set ROSTER_SECRET_KEY/);
      });
    }
  });
}
