import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { appendUserEvents } from '../../helpers/feed-events.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../../helpers/webhook-receiver.ts';

const PAGE = '/admin/webhooks';

/** The secret a shown-once page holds in its read-only field. */
function secretOf(page: string): string {
  const secret = /id="webhook-secret" class="secret" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(secret, 'the page shows the secret');
  return secret;
}

for (const dialect of await dialects()) {
  describe(`Webhooks page (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    let receiver: Receiver;
    const only = async () => {
      const [endpoint, ...rest] = await p.roster.webhooks.list(p.tenantId);
      assert.ok(endpoint);
      assert.equal(rest.length, 0);
      return endpoint;
    };

    before(async () => {
      p = await startPortal(dialect, {
        publicUrl: 'https://roster.test',
        roster: { webhookTargets: { allowHttp: true, allowPrivate: true } },
      });
      owner = await p.signIn('owner');
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
      await p.close();
    });

    it('should be in the Admin navigation, with the Add form and no endpoints at first, in English and French', async () => {
      const page = await owner.get(PAGE);
      assert.equal(page.status, 200);
      assert.match(page.body, /<a href="\/admin\/webhooks" aria-current="page">Webhooks<\/a>/);
      assert.match(page.body, /No endpoints yet\./);
      assert.match(page.body, /name="type:user\.created"/);
      const fr = await owner.get(PAGE, { 'accept-language': 'fr' });
      assert.match(fr.body, /Ajouter un point de terminaison/);
    });

    it('should add an endpoint and show its secret once, not cached, that signs its deliveries', async () => {
      const res = await owner.post(PAGE, {
        url: receiver.url,
        description: 'the <b>mirror</b>',
        events: 'some',
        'type:user.created': 'on',
        'type:group.created': 'on',
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const secret = secretOf(res.body);
      const endpoint = await only();
      assert.deepEqual(endpoint.eventTypes, ['user.created', 'group.created']);
      const list = await owner.get(PAGE);
      assert.ok(list.body.includes('the &lt;b&gt;mirror&lt;/b&gt;'), 'escaped');
      assert.ok(!list.body.includes(secret));
      const detail = await owner.get(`${PAGE}/${endpoint.id}`);
      assert.ok(!detail.body.includes(secret), 'never shown again');
      await appendUserEvents(p.databaseUrl, p.tenantId, 2);
      await p.roster.webhookDelivery.runOnce();
      assert.equal(receiver.received.length, 2);
      for (const r of receiver.received) assert.ok(verifyStandardWebhook(secret, r, Math.floor(Date.now() / 1000)));
      const log = await owner.get(`${PAGE}/${endpoint.id}`);
      assert.equal((log.body.match(/>delivered</g) ?? []).length, 2);
    });

    it('should refuse a bad URL or event type with the reason, keeping what was typed, and add nothing', async () => {
      const before = (await p.roster.webhooks.list(p.tenantId)).length;
      const res = await owner.post(PAGE, { url: 'ftp://files.example.com/x', description: 'kept', events: 'all' });
      assert.equal(res.status, 400);
      assert.match(res.body, /The endpoint was not added: A webhook URL must start with https:\/\//);
      assert.match(res.body, /value="kept"/);
      const fr = await owner.post(PAGE, { url: 'pas une url', events: 'all' }, { 'accept-language': 'fr' });
      assert.equal(fr.status, 400);
      assert.match(fr.body, /n&#39;a pas été ajouté|n'a pas été ajouté/);
      assert.equal((await p.roster.webhooks.list(p.tenantId)).length, before);
    });

    it('should disable, enable with resume or skip, replay, test, rotate and remove, each recorded', async () => {
      const endpoint = await only();
      const path = `${PAGE}/${endpoint.id}`;
      let res = await owner.post(`${path}/disable`);
      assert.equal(res.status, 303);
      assert.equal((await only()).status, 'disabled');
      res = await owner.post(`${path}/enable`, { mode: 'skip' });
      assert.equal(res.headers.location, `${path}?done=enabled`);
      assert.equal((await only()).status, 'enabled');
      res = await owner.post(`${path}/replay`, { fromSeq: '1', since: '' });
      assert.equal(res.status, 303);
      assert.equal((await only()).cursor, 0);
      res = await owner.post(`${path}/replay`, { fromSeq: '', since: '' });
      assert.equal(res.status, 400);
      assert.match(res.body, /Nothing was replayed: Replay from a seq/);
      res = await owner.post(`${path}/test`);
      assert.equal(res.headers.location, `${path}?done=testOk&status=200`);
      res = await owner.post(`${path}/rotate`);
      assert.equal(res.status, 200);
      assert.match(secretOf(res.body), /^whsec_/);
      res = await owner.post(`${path}/remove`);
      assert.match(res.body, /confirm/);
      assert.equal((await p.roster.webhooks.list(p.tenantId)).length, 1, 'asking removes nothing');
      res = await owner.post(`${path}/remove`, { confirm: 'yes' });
      assert.equal(res.headers.location, `${PAGE}?done=removed`);
      assert.equal((await p.roster.webhooks.list(p.tenantId)).length, 0);
      const audit = await p.roster.audit.list({ tenantId: p.tenantId });
      const types = audit.events.filter((e) => e.targetId === endpoint.id).map((e) => e.type);
      for (const type of [
        'webhook.created',
        'webhook.disabled',
        'webhook.enabled',
        'webhook.replayed',
        'webhook.secret_rotated',
        'webhook.removed',
      ]) {
        assert.ok(types.includes(type as never), type);
      }
      const history = await owner.get('/admin/identity/audit-history');
      assert.match(history.body, /Webhook endpoint removed/);
    });

    it('should let a viewer read but not change, and find no endpoint of another tenant', async () => {
      const { endpoint } = await p.roster.webhooks.add(p.tenantId, { url: receiver.url, actor: { kind: 'cli' } });
      const viewer = await p.signIn('viewer');
      const page = await viewer.get(PAGE);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /name="url"/);
      assert.equal((await viewer.post(`${PAGE}/${endpoint.id}/disable`)).status, 403);
      assert.equal((await viewer.post(PAGE, { url: receiver.url, events: 'all' })).status, 403);
      const other = await p.roster.tenants.create('other', 'Other');
      const stranger = await p.signIn('owner', { tenantId: other.id });
      assert.equal((await stranger.get(`${PAGE}/${endpoint.id}`)).status, 404);
      assert.equal((await stranger.post(`${PAGE}/${endpoint.id}/remove`, { confirm: 'yes' })).status, 404);
      assert.equal((await only()).id, endpoint.id);
      await p.roster.webhooks.remove(p.tenantId, endpoint.id, { kind: 'cli' });
    });

    it('should add a Security Event Token endpoint from the form and show its format, refusing an unknown one', async () => {
      const page = await owner.get(PAGE);
      assert.match(page.body, /<input type="radio" name="format" value="roster" checked>/);
      assert.match(page.body, /<input type="radio" name="format" value="set">/);
      const refused = await owner.post(PAGE, { url: receiver.url, events: 'all', format: 'xml' });
      assert.equal(refused.status, 400);
      assert.match(
        refused.body,
        /The endpoint was not added: Unknown webhook format &quot;xml&quot;|Unknown webhook format "xml"/,
      );
      assert.equal((await p.roster.webhooks.list(p.tenantId)).length, 0);
      const res = await owner.post(PAGE, { url: receiver.url, events: 'all', format: 'set' });
      assert.equal(res.status, 200);
      const endpoint = await only();
      assert.equal(endpoint.format, 'set');
      const list = await owner.get(PAGE);
      assert.match(list.body, /<th scope="col">Format<\/th>/);
      assert.match(list.body, /<td>Security Event Tokens \(RFC 9967\)<\/td>/);
      const detail = await owner.get(`${PAGE}/${endpoint.id}`);
      assert.match(detail.body, /<dt>Format<\/dt><dd>Security Event Tokens \(RFC 9967\)<\/dd>/);
      const history = await owner.get('/admin/identity/audit-history');
      assert.match(history.body, /Security Event Tokens \(RFC 9967\)/);
      await p.roster.webhooks.remove(p.tenantId, endpoint.id, { kind: 'cli' });
    });
  });
}
