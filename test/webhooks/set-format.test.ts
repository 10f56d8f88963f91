import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AdminError } from '../../src/shared/admin-error.ts';
import { dialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/scim-server.ts';
import { startReceiver, verifyStandardWebhook, type Received, type Receiver } from '../helpers/webhook-receiver.ts';

const CLI = { kind: 'cli' } as const;
const ISSUER = 'https://roster.test';
const PROV = 'urn:ietf:params:scim:event:prov';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface Set {
  readonly header: Record<string, unknown>;
  readonly claims: {
    iss: string;
    iat: number;
    jti: string;
    aud: string;
    txn: string;
    toe: number;
    sub_id: Record<string, string>;
    events: Record<string, Record<string, any>>;
  };
}

/**
 * Reads a compact JWS as RFC 7515 §7.1 lays it out and checks its HS256 signature
 * (RFC 7518 §3.2) with the key Standard Webhooks derives from the secret: written from
 * the specifications, not from Roster's signer.
 */
function verifiedSet(secret: string, jwt: string): Set {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'a JWS in compact serialization has three parts');
  const [header, payload, signature] = parts as [string, string, string];
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  assert.ok(given.length === expected.length && timingSafeEqual(given, expected), 'the HS256 signature verifies');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), claims: decode(payload) };
}

const eventUri = (set: Set): string => {
  const uris = Object.keys(set.claims.events);
  assert.equal(uris.length, 1, 'one event per SET');
  return uris[0]!;
};

for (const dialect of await dialects()) {
  describe(`webhooks in the Security Event Token format (${dialect})`, () => {
    let server: TestServer;
    let receiver: Receiver;

    const addSetEndpoint = (eventTypes?: string[]) =>
      server.roster.webhooks.add(server.tenantId, {
        url: receiver.url,
        format: 'set',
        actor: CLI,
        ...(eventTypes ? { eventTypes } : {}),
      });
    /** The SETs received since `from`, verified with the secret. */
    const setsSince = (from: number, secret: string): Set[] =>
      receiver.received.slice(from).map((r: Received) => {
        assert.equal(r.headers['content-type'], 'application/secevent+jwt');
        assert.ok(verifyStandardWebhook(secret, r, Math.floor(Date.now() / 1000)), 'webhook-signature signs the JWT');
        const set = verifiedSet(secret, r.body);
        assert.equal(r.headers['webhook-id'], set.claims.jti);
        return set;
      });

    before(async () => {
      server = await startServer(dialect, 'generic', {
        secretKey: 'a test key that is long enough to be accepted',
        webhookTargets: { allowHttp: true, allowPrivate: true },
        publicOrigin: ISSUER,
      });
    });
    after(async () => {
      await server.close();
    });
    beforeEach(async () => {
      for (const endpoint of await server.roster.webhooks.list(server.tenantId))
        await server.roster.webhooks.remove(server.tenantId, endpoint.id, CLI);
      receiver = await startReceiver();
      // RFC 8935 §2.2: a receiver that took the SET answers 202 Accepted.
      receiver.respond = () => ({ status: 202 });
    });

    it('should send a user create, a patch, a deactivate, a membership change and a delete as RFC 9967 SETs', async () => {
      const { endpoint, secret } = await addSetEndpoint();
      assert.equal(endpoint.format, 'set');
      const created = await server.scim('POST', '/Users', {
        schemas: [USER],
        userName: 'ada@example.com',
        externalId: 'ada-ext',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
      });
      assert.equal(created.status, 201);
      const userId = created.body.id as string;
      const patched = await server.scim('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'name.givenName', value: 'Augusta' }],
      });
      assert.equal(patched.status, 200);
      await server.scim('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      const group = await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineers' });
      const groupId = group.body.id as string;
      await server.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }],
      });
      await server.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
      });
      assert.equal((await server.scim('DELETE', `/Users/${userId}`)).status, 204);
      // A token event is about no SCIM resource: a SET endpoint passes it over.
      const connectionId = await server.roster.tokens.ensureConnection(server.tenantId, 'generic');
      await server.roster.tokens.issue(server.tenantId, connectionId, { actor: CLI });

      await server.roster.webhookDelivery.runOnce();
      const sets = setsSince(0, secret);
      const feed = (await server.roster.events.read(server.tenantId, { after: 0, limit: 1000, types: [] })).events;
      assert.ok(feed.some((e) => e.type === 'token.created'));
      const scimEvents = feed.filter((e) => e.type.startsWith('user.') || e.type.startsWith('group.'));
      assert.deepEqual(
        [...new Set(scimEvents.map((e) => e.type))],
        [
          'user.created',
          'user.updated',
          'user.deactivated',
          'group.created',
          'group.members_added',
          'group.members_removed',
          'user.deleted',
        ],
      );
      assert.deepEqual(
        sets.map((s) => s.claims.jti),
        scimEvents.map((e) => e.id),
        'jti is the event id, one SET per user or group event, in order',
      );
      const state = await server.roster.webhooks.get(server.tenantId, endpoint.id);
      assert.equal(state.pending, 0, 'the token event was passed over, not left pending');
      assert.equal(state.lastStatus, 202);

      for (const [i, set] of sets.entries()) {
        const event = scimEvents[i]!;
        assert.deepEqual(set.header, { alg: 'HS256', typ: 'secevent+jwt' });
        assert.equal(set.claims.iss, ISSUER);
        assert.equal(set.claims.aud, receiver.url);
        assert.equal(set.claims.txn, event.txn ?? event.id);
        assert.equal(set.claims.toe, Math.floor(Date.parse(event.occurredAt) / 1000));
        assert.ok(Number.isInteger(set.claims.iat));
        assert.equal(set.claims.sub_id.format, 'scim');
        assert.equal(set.claims.sub_id.uri, `/${event.resource.type}s/${event.resource.id}`);
        assert.ok(!('sub' in set.claims), 'RFC 9967 §2.1: never sub');
      }
      const byType = (type: string) => {
        const index = scimEvents.findIndex((e) => e.type === type);
        assert.ok(index >= 0, type);
        return { set: sets[index]!, event: scimEvents[index]! };
      };

      const create = byType('user.created');
      assert.equal(eventUri(create.set), `${PROV}:create:full`);
      const createData = create.set.claims.events[`${PROV}:create:full`]!.data;
      assert.equal(createData.id, userId);
      assert.equal(createData.userName, 'ada@example.com');
      assert.deepEqual(createData.name, { givenName: 'Ada', familyName: 'Lovelace' });
      assert.equal(create.set.claims.sub_id.externalId, 'ada-ext');

      const patch = byType('user.updated');
      assert.equal(eventUri(patch.set), `${PROV}:patch:full`);
      assert.deepEqual(patch.set.claims.events[`${PROV}:patch:full`], {
        version: patch.event.resource.version,
        data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Augusta' }] },
      });

      const deactivate = byType('user.deactivated');
      assert.deepEqual(deactivate.set.claims.events, {
        [`${PROV}:deactivate`]: { version: deactivate.event.resource.version },
      });

      const added = byType('group.members_added');
      assert.equal(added.set.claims.sub_id.uri, `/Groups/${groupId}`);
      assert.deepEqual(added.set.claims.events[`${PROV}:patch:full`], {
        version: added.event.resource.version,
        data: {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: userId, type: 'User' }] }],
        },
      });
      const removed = byType('group.members_removed');
      assert.deepEqual(removed.set.claims.events[`${PROV}:patch:full`]!.data.Operations, [
        { op: 'remove', path: `members[value eq "${userId}"]` },
      ]);

      const deleted = byType('user.deleted');
      assert.deepEqual(deleted.set.claims.events, { [`${PROV}:delete`]: {} }, 'RFC 9967 §2.4.4: no payload');
      assert.equal(deleted.set.claims.sub_id.uri, `/Users/${userId}`);
    });

    it('should patch an extension attribute by its URN path, and never send a password', async () => {
      const { secret } = await addSetEndpoint(['user.updated']);
      const created = await server.scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        userName: 'grace@example.com',
        [ENTERPRISE]: { department: 'Army' },
      });
      const userId = created.body.id as string;
      await server.scim('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Navy' }],
      });
      await server.scim('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'password', value: 'a new passphrase 2026' }],
      });
      await server.roster.webhookDelivery.runOnce();
      const [department, password] = setsSince(0, secret);
      assert.deepEqual(department?.claims.events[`${PROV}:patch:full`]!.data.Operations, [
        { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Navy' },
      ]);
      assert.deepEqual(password?.claims.events, {
        [`${PROV}:patch:notice`]: {
          version: password?.claims.events[`${PROV}:patch:notice`]!.version,
          attributes: ['password'],
        },
      });
      assert.ok(
        !receiver.received.some((r) =>
          Buffer.from(r.body.split('.')[1]!, 'base64url').toString().includes('passphrase'),
        ),
      );
    });

    it('should retry a SET the receiver refused with an RFC 8935 error, and log the error', async () => {
      const { endpoint } = await addSetEndpoint(['group.created']);
      receiver.respond = () => ({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ err: 'invalid_key', description: 'no key\nfor this issuer' }),
      });
      await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Refused' });
      await server.roster.webhookDelivery.runOnce();
      const state = await server.roster.webhooks.get(server.tenantId, endpoint.id);
      assert.equal(state.attempts, 1, 'retried on the schedule, its place in the feed kept');
      assert.equal(state.pending, 1);
      const [attempt] = await server.roster.webhooks.deliveries(server.tenantId, endpoint.id);
      assert.equal(attempt?.outcome, 'retrying');
      assert.equal(attempt?.responseStatus, 400);
      assert.equal(attempt?.error, 'invalid_key: no key for this issuer');
    });

    it('should send the Shared Signals verification event as the test of a SET endpoint', async () => {
      const { endpoint, secret } = await addSetEndpoint();
      const result = await server.roster.webhooks.test(server.tenantId, endpoint.id);
      assert.equal(result.status, 202);
      const [set] = setsSince(0, secret);
      assert.deepEqual(set?.claims.events, { 'https://schemas.openid.net/secevent/ssf/event-type/verification': {} });
      assert.deepEqual(set?.claims.sub_id, { format: 'opaque', id: endpoint.id });
    });

    it('should refuse an unknown format, or a type no SET carries, and create nothing', async () => {
      const before = await server.roster.webhooks.list(server.tenantId);
      await assert.rejects(
        server.roster.webhooks.add(server.tenantId, { url: receiver.url, format: 'jwt', actor: CLI }),
        (error: unknown) => error instanceof AdminError && error.key === 'unknownWebhookFormat',
      );
      await assert.rejects(
        addSetEndpoint(['user.created', 'token.created']),
        (error: unknown) => error instanceof AdminError && error.key === 'notSetEventType',
      );
      assert.deepEqual(await server.roster.webhooks.list(server.tenantId), before);
    });

    it('should keep sending Roster JSON to an endpoint that did not choose a format', async () => {
      const { endpoint } = await server.roster.webhooks.add(server.tenantId, { url: receiver.url, actor: CLI });
      assert.equal(endpoint.format, 'roster');
      await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Plain' });
      await server.roster.webhookDelivery.runOnce();
      const [request] = receiver.received;
      assert.equal(request?.headers['content-type'], 'application/json');
      assert.equal(JSON.parse(request.body).type, 'group.created');
    });
  });
}
