import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import type { AuditDetailsByType, WebhookDetails } from '../audit/audit-details.ts';
import type { AuditEventType } from '../audit/audit-event-type.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { EVENT_TYPES, isEventType } from '../events/event-types.ts';
import type { EventsService } from '../events/events-service.ts';
import type { FeedEvent } from '../events/feed-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso, type Clock } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import type { FeedBounds } from '../store/events-store.ts';
import { findIdByPrefix } from '../tokens/find-by-id-prefix.ts';
import type { SecretBox } from './secret-box.ts';
import { sendWebhook, type SendResult, type WebhookMessage } from './send-webhook.ts';
import { checkTargetUrl, resolveTarget, TargetRefused, type TargetPolicy } from './target-policy.ts';
import {
  toWebhookDelivery,
  toWebhookEndpoint,
  type EndpointRow,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './webhook-endpoint.ts';
import { isWebhookFormat, WEBHOOK_FORMATS, type WebhookFormat } from './webhook-format.ts';
import { signHs256 } from './jws-hs256.ts';
import { isSetEventType, SET_EVENT_TYPES, toSetClaims } from './scim-security-event.ts';
import { newWebhookSecret, WEBHOOK_SECRET_PREFIX, webhookSigner } from './webhook-signature.ts';

/** At most this many endpoints per tenant: each costs a delivery loop. */
export const MAX_WEBHOOKS_PER_TENANT = 20;
export const MAX_DESCRIPTION_LENGTH = 500;
/** After a rotation, the previous secret also signs for this long, so receivers can switch. */
export const ROTATION_OVERLAP_MS = 86_400_000;

/** A new endpoint, or a rotated secret, with the secret: shown once. */
export interface EndpointWithSecret {
  readonly endpoint: WebhookEndpoint;
  readonly secret: string;
}

/** Where a replay starts: a seq (delivered again from it, inclusive) or a time (the first event at or after it). */
export type ReplayStart = { readonly fromSeq: number } | { readonly since: string };

export interface NewEndpoint {
  readonly url: string;
  /** Empty or absent: every type. */
  readonly eventTypes?: readonly string[] | undefined;
  readonly description?: string | undefined;
  /** `roster` (the default) or `set`. */
  readonly format?: string | undefined;
  readonly actor: Actor;
}

/** Builds and signs the messages of one endpoint (its secrets opened once: a delivery run makes many). */
export type MessageBuilder = (event: FeedEvent, at: Date) => WebhookMessage;

/**
 * Webhook endpoints of a tenant: add, list, enable (resume or skip to now), disable,
 * rotate the secret, replay, remove, test, and read the delivery log. Every change
 * records its audit event in the same transaction; a secret is returned once and stored
 * only sealed by the {@link SecretBox}.
 */
export class WebhooksService {
  private readonly enabledListeners = new Set<() => void>();

  constructor(
    private readonly store: StoreDialect,
    private readonly events: EventsService,
    private readonly box: SecretBox | null,
    readonly policy: TargetPolicy,
    private readonly clock: Clock,
    /** Roster's public origin: the `iss` of the SETs it sends. */
    private readonly issuer: string,
  ) {}

  /** Hears every endpoint this instance adds or enables, once committed (the delivery). @returns a function that stops it */
  onEndpointEnabled(listener: () => void): () => void {
    this.enabledListeners.add(listener);
    return () => this.enabledListeners.delete(listener);
  }

  private endpointEnabled(): void {
    for (const listener of this.enabledListeners) listener();
  }

  /**
   * Adds an endpoint that receives the events committed from now on.
   *
   * @throws AdminError for a URL the policy refuses, an unknown event type, a long description, no key
   * @example await webhooks.add(tenantId, { url: 'https://app.example.com/hooks', eventTypes: ['user.created'], actor })
   */
  async add(tenantId: string, input: NewEndpoint): Promise<EndpointWithSecret> {
    const url = await this.checkUrl(input.url.trim());
    const format = checkFormat(input.format);
    const eventTypes = checkTypes(input.eventTypes ?? [], format);
    const description = (input.description ?? '').trim();
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      throw new AdminError('invalid', 'descriptionTooLong', { max: MAX_DESCRIPTION_LENGTH });
    }
    const box = this.needBox();
    const secret = newWebhookSecret();
    const id = randomUUID();
    // Read outside the transaction: on SQLite the transaction holds the one connection.
    const { lastSeq } = await this.feedBounds(tenantId);
    await this.store.db.transaction().execute(async (trx) => {
      const count = await trx
        .selectFrom('webhook_endpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_WEBHOOKS_PER_TENANT) {
        throw new AdminError('limit', 'tooManyWebhooks', { max: MAX_WEBHOOKS_PER_TENANT });
      }
      const now = nowIso(this.clock);
      await trx
        .insertInto('webhook_endpoints')
        .values({
          id,
          tenant_id: tenantId,
          url,
          description,
          event_types: eventTypes === null ? null : JSON.stringify(eventTypes),
          format,
          status: 'enabled',
          disabled_reason: null,
          secret: box.seal(secret, id),
          secret_hint: hintOf(secret),
          previous_secret: null,
          previous_secret_until: null,
          cursor: lastSeq,
          attempts: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.audit(trx, tenantId, input.actor, id, 'webhook.created', {
        url,
        description,
        eventTypes,
        hint: hintOf(secret),
        format,
      });
    });
    this.endpointEnabled();
    return { endpoint: await this.view(this.store.db, tenantId, id), secret };
  }

  /** The tenant's endpoints, oldest first. */
  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.store.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const { lastSeq } = await this.feedBounds(tenantId);
    const now = nowIso(this.clock);
    return rows.map((r) => toWebhookEndpoint(r, lastSeq, now));
  }

  /** One endpoint by id or unique id prefix. @throws AdminError `not_found` */
  async get(tenantId: string, idOrPrefix: string): Promise<WebhookEndpoint> {
    const id = await findIdByPrefix(this.store.db, 'webhook_endpoints', tenantId, idOrPrefix, 'webhook');
    return this.view(this.store.db, tenantId, id);
  }

  /** Deletes the endpoint and its delivery log. */
  remove(tenantId: string, idOrPrefix: string, actor: Actor): Promise<WebhookEndpoint> {
    return this.act(tenantId, idOrPrefix, async (trx, row) => {
      await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', row.id).execute();
      await trx.deleteFrom('webhook_endpoints').where('id', '=', row.id).execute();
      await this.audit(trx, tenantId, actor, row.id, 'webhook.removed', detailsOf(row));
    });
  }

  /** Stops deliveries; the cursor stays where it is. */
  disable(tenantId: string, idOrPrefix: string, actor: Actor): Promise<WebhookEndpoint> {
    return this.act(tenantId, idOrPrefix, async (trx, row, now) => {
      if (row.status === 'disabled') return;
      await trx
        .updateTable('webhook_endpoints')
        .set({ status: 'disabled', disabled_reason: 'manual', next_attempt_at: null, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await this.audit(trx, tenantId, actor, row.id, 'webhook.disabled', {
        ...detailsOf(row),
        reason: 'manual',
        cursor: Number(row.cursor),
      });
    });
  }

  /**
   * Delivers again: `resume` from the cursor (every event it missed, in order), `skip` from
   * the feed's end (what happened meanwhile is never sent). Retry state starts afresh.
   */
  async enable(tenantId: string, idOrPrefix: string, mode: 'resume' | 'skip', actor: Actor): Promise<WebhookEndpoint> {
    const { lastSeq } = await this.feedBounds(tenantId);
    const enabled = await this.act(tenantId, idOrPrefix, async (trx, row, now) => {
      const cursor = mode === 'skip' ? lastSeq : Number(row.cursor);
      await trx
        .updateTable('webhook_endpoints')
        .set({
          status: 'enabled',
          disabled_reason: null,
          cursor,
          attempts: 0,
          next_attempt_at: null,
          failing_since: null,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await this.audit(trx, tenantId, actor, row.id, 'webhook.enabled', { ...detailsOf(row), mode, cursor });
    });
    this.endpointEnabled();
    return enabled;
  }

  /** A new signing secret, returned once; the previous one also signs for {@link ROTATION_OVERLAP_MS}. */
  async rotateSecret(tenantId: string, idOrPrefix: string, actor: Actor): Promise<EndpointWithSecret> {
    const box = this.needBox();
    const secret = newWebhookSecret();
    const endpoint = await this.act(tenantId, idOrPrefix, async (trx, row, now) => {
      const until = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS).toISOString();
      await trx
        .updateTable('webhook_endpoints')
        .set({
          secret: box.seal(secret, row.id),
          secret_hint: hintOf(secret),
          previous_secret: row.secret,
          previous_secret_until: until,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await this.audit(trx, tenantId, actor, row.id, 'webhook.secret_rotated', {
        ...detailsOf(row),
        previousHint: row.secret_hint,
        hint: hintOf(secret),
      });
    });
    return { endpoint, secret };
  }

  /**
   * Moves the cursor back (or forward) so that delivery starts again at a seq or at the
   * first event at or after a time; retry state starts afresh.
   *
   * @throws AdminError when the start was deleted by retention or lies beyond the feed
   */
  async replay(tenantId: string, idOrPrefix: string, start: ReplayStart, actor: Actor): Promise<WebhookEndpoint> {
    const { lastSeq, prunedThrough } = await this.feedBounds(tenantId);
    return this.act(tenantId, idOrPrefix, async (trx, row, now) => {
      let fromSeq: number;
      if ('fromSeq' in start) {
        fromSeq = start.fromSeq;
        if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) throw new AdminError('invalid', 'badReplayStart');
      } else {
        if (Number.isNaN(Date.parse(start.since))) throw new AdminError('invalid', 'badReplayStart');
        fromSeq = await firstSeqSince(trx, tenantId, new Date(start.since).toISOString(), prunedThrough + 1, lastSeq);
      }
      if (fromSeq <= prunedThrough) {
        throw new AdminError('invalid', 'replayPruned', { through: prunedThrough, first: prunedThrough + 1 });
      }
      if (fromSeq > lastSeq + 1) throw new AdminError('invalid', 'replayAhead', { seq: fromSeq, last: lastSeq });
      const cursor = fromSeq - 1;
      await trx
        .updateTable('webhook_endpoints')
        .set({ cursor, attempts: 0, next_attempt_at: null, failing_since: null, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await this.audit(trx, tenantId, actor, row.id, 'webhook.replayed', {
        ...detailsOf(row),
        previousCursor: Number(row.cursor),
        cursor,
      });
    });
  }

  /**
   * Sends a `webhook.test` event, signed like the others, outside the feed (the cursor
   * does not move), and records the attempt in the delivery log.
   */
  async test(tenantId: string, idOrPrefix: string): Promise<SendResult> {
    const id = await findIdByPrefix(this.store.db, 'webhook_endpoints', tenantId, idOrPrefix, 'webhook');
    const row = await this.store.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const tenant = await this.store.db
      .selectFrom('tenants')
      .select('slug')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    const now = this.clock.now();
    const event = {
      id: randomUUID(),
      seq: 0,
      type: 'webhook.test',
      occurredAt: now.toISOString(),
      tenant: tenantId,
      connection: null,
      txn: null,
      resource: { type: 'WebhookEndpoint', id, version: null },
      data: { endpoint: id, tenant: tenant?.slug ?? null },
    };
    const result = await sendWebhook({ url: row.url, ...this.messagesFor(row)(event, now) }, this.policy, () =>
      this.clock.now().getTime(),
    );
    await this.store.db
      .insertInto('webhook_deliveries')
      .values({
        endpoint_id: id,
        event_id: event.id,
        seq: 0,
        event_type: event.type,
        attempt: 1,
        outcome: 'test',
        response_status: result.status,
        error: result.error,
        latency_ms: result.latencyMs,
        at: now.toISOString(),
        next_attempt_at: null,
      })
      .execute();
    return result;
  }

  /** The endpoint's latest delivery attempts, newest first. */
  async deliveries(tenantId: string, idOrPrefix: string, limit = 100): Promise<WebhookDelivery[]> {
    const id = await findIdByPrefix(this.store.db, 'webhook_endpoints', tenantId, idOrPrefix, 'webhook');
    const rows = await this.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', id)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toWebhookDelivery);
  }

  /** Over every tenant: events not yet delivered to enabled endpoints, endpoints retrying, endpoints disabled (metrics). */
  async backlog(): Promise<{ pendingEvents: number; retrying: number; disabled: number }> {
    const rows = await this.store.db
      .selectFrom('webhook_endpoints as w')
      .leftJoin('event_counters as c', 'c.tenant_id', 'w.tenant_id')
      .select(['w.status', 'w.cursor', 'w.attempts', 'c.last_seq'])
      .execute();
    let pendingEvents = 0;
    let retrying = 0;
    let disabled = 0;
    for (const row of rows) {
      if (row.status === 'disabled') {
        disabled++;
        continue;
      }
      pendingEvents += Math.max(0, Number(row.last_seq ?? 0) - Number(row.cursor));
      if (row.attempts > 0) retrying++;
    }
    return { pendingEvents, retrying, disabled };
  }

  /**
   * Builds an endpoint's messages: the body in its format, Roster's JSON event or an
   * RFC 9967 SET signed with HS256 by the current secret (RFC 8935 §2.1 wants the SET's
   * media type); the Standard Webhooks headers sign the body's bytes in either format, by
   * the current secret and, while a rotation overlaps, the previous one.
   *
   * @throws AdminError `noSecretKey`, or Error when the key cannot open the secrets
   */
  messagesFor(row: EndpointRow): MessageBuilder {
    const box = this.needBox();
    const current = box.open(row.secret, row.id);
    const previous = row.previous_secret !== null ? box.open(row.previous_secret, row.id) : null;
    const until = row.previous_secret_until;
    const setKey = row.format === 'set' ? Buffer.from(current.slice(WEBHOOK_SECRET_PREFIX.length), 'base64') : null;
    const signCurrent = webhookSigner([current]);
    const signBoth = previous !== null && until !== null ? webhookSigner([current, previous]) : signCurrent;
    return (event, at) => {
      const claims = setKey ? toSetClaims(event, { issuer: this.issuer, audience: row.url, issuedAt: at }) : undefined;
      const body = setKey && claims ? signHs256(claims, setKey) : JSON.stringify(event);
      const sign = until !== null && until > at.toISOString() ? signBoth : signCurrent;
      const timestamp = Math.floor(at.getTime() / 1000);
      return {
        body,
        headers: {
          'content-type': setKey && claims ? 'application/secevent+jwt' : 'application/json',
          ...(setKey ? { accept: 'application/json' } : {}),
          'user-agent': 'Roster-Webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(event.id, timestamp, body),
        },
      };
    };
  }

  /** Where the feed stands, with every committed event published first (PostgreSQL numbers them after commit). */
  private async feedBounds(tenantId: string): Promise<FeedBounds> {
    if (this.store.eventPublishing === 'publisher') await this.events.publishNow();
    return this.events.bounds(tenantId);
  }

  private needBox(): SecretBox {
    if (!this.box) throw new AdminError('invalid', 'noSecretKey');
    return this.box;
  }

  /** The URL's form, and every address its host resolves to now (a name that does not resolve yet is let through). */
  private async checkUrl(text: string): Promise<string> {
    try {
      const url = checkTargetUrl(text, this.policy);
      await resolveTarget(url, this.policy).catch((error: unknown) => {
        if (error instanceof TargetRefused && error.reason === 'privateAddress') throw error;
      });
      return url.href;
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error;
      if (error.reason === 'notHttps') throw new AdminError('invalid', 'webhookNotHttps', { url: text.slice(0, 200) });
      if (error.reason === 'privateAddress') {
        const host = URL.canParse(text) ? new URL(text).hostname : text;
        const address = /(\S+), a loopback/.exec(error.detail)?.[1] ?? host;
        throw new AdminError('invalid', 'webhookPrivateAddress', { host, address: address.replace(/^\[|\]$/g, '') });
      }
      throw new AdminError('invalid', 'badWebhookUrl', { url: text.slice(0, 200) });
    }
  }

  private async view(db: Kysely<Database>, tenantId: string, id: string): Promise<WebhookEndpoint> {
    const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toWebhookEndpoint(row, (await this.feedBounds(tenantId)).lastSeq, nowIso(this.clock));
  }

  /** Runs one action on an endpoint in a transaction, its audit event included; returns the endpoint after it. */
  private async act(
    tenantId: string,
    idOrPrefix: string,
    change: (trx: Transaction<Database>, row: EndpointRow, now: string) => Promise<void>,
  ): Promise<WebhookEndpoint> {
    const now = nowIso(this.clock);
    const after = await this.store.db.transaction().execute(async (trx) => {
      const id = await findIdByPrefix(trx, 'webhook_endpoints', tenantId, idOrPrefix, 'webhook');
      const row = await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await change(trx, row, now);
      return (await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst()) ?? row;
    });
    // The feed's bounds are read after the transaction: on SQLite it holds the one connection.
    return toWebhookEndpoint(after, (await this.feedBounds(tenantId)).lastSeq, now);
  }

  private audit<T extends AuditEventType>(
    trx: Kysely<Database>,
    tenantId: string,
    actor: Actor,
    targetId: string,
    type: T,
    details: AuditDetailsByType[T],
  ): Promise<void> {
    return recordAuditEvent(trx, { tenantId, actor, type, targetId, details });
  }
}

const detailsOf = (row: EndpointRow): WebhookDetails => ({ url: row.url, description: row.description });

/** The format asked for, checked; `roster` when none is. */
function checkFormat(format: string | undefined): WebhookFormat {
  const text = (format ?? '').trim();
  if (text === '') return 'roster';
  if (!isWebhookFormat(text)) {
    throw new AdminError('invalid', 'unknownWebhookFormat', {
      format: text.slice(0, 50),
      formats: WEBHOOK_FORMATS.join(', '),
    });
  }
  return text;
}

/** The event types asked for, checked (a SET carries only SCIM resources' events); null for all (none named). */
function checkTypes(types: readonly string[], format: WebhookFormat): readonly string[] | null {
  const named = [...new Set(types.map((t) => t.trim()).filter((t) => t !== ''))];
  for (const type of named) {
    if (!isEventType(type))
      throw new AdminError('invalid', 'unknownFeedEventType', { type, types: EVENT_TYPES.join(', ') });
    if (format === 'set' && !isSetEventType(type))
      throw new AdminError('invalid', 'notSetEventType', { type, types: SET_EVENT_TYPES.join(', ') });
  }
  return named.length === 0 ? null : named;
}

/** The last four characters of a secret's key, to tell secrets apart (the base64 padding says nothing). */
const hintOf = (secret: string): string => secret.replace(/=+$/, '').slice(-4);

/**
 * The first seq of the tenant's feed whose event occurred at or after `since`, between
 * `low` and `high` (`high + 1` when none did). A binary search over seq, which follows
 * time (docs/events-ordering.md), with point reads on the feed's (tenant, seq) index: the
 * feed keeps no index on time, and a replay must not walk a month of events.
 */
async function firstSeqSince(
  db: Kysely<Database>,
  tenantId: string,
  since: string,
  low: number,
  high: number,
): Promise<number> {
  let lo = low;
  let hi = high + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = await db
      .selectFrom('events')
      .select('occurred_at')
      .where('tenant_id', '=', tenantId)
      .where('seq', '=', mid)
      .executeTakeFirst();
    // A seq cut by retention meanwhile reads as before the time.
    if (row !== undefined && row.occurred_at >= since) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
