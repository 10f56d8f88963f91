import type { Selectable } from 'kysely';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../store/database.ts';
import type { WebhookFormat } from './webhook-format.ts';

/** Why an endpoint is disabled: by someone, by its receiver's `410 Gone`, or after 5 days of failures. */
export type DisabledReason = 'manual' | 'gone' | 'failing';

/** A webhook endpoint as the CLI and the portal show it: never its secrets. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  /** The event types it receives; null: all. */
  readonly eventTypes: readonly string[] | null;
  /** What it receives: Roster's JSON events, or RFC 9967 Security Event Tokens. */
  readonly format: WebhookFormat;
  readonly status: 'enabled' | 'disabled';
  readonly disabledReason: DisabledReason | null;
  /** The signing secret's last four characters. */
  readonly secretHint: string;
  /** Until when the secret before the last rotation also signs; null when it does not. */
  readonly previousSecretUntil: string | null;
  /** The last seq delivered (or passed over: a type it does not receive). */
  readonly cursor: number;
  /** Events of the feed after the cursor (of any type). */
  readonly pending: number;
  /** Failed attempts at the next event. */
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly failingSince: string | null;
  readonly lastStatus: number | null;
  readonly lastDeliveredAt: string | null;
  readonly createdAt: string;
}

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export function toWebhookEndpoint(row: EndpointRow, lastSeq: number, now: string): WebhookEndpoint {
  const cursor = Number(row.cursor);
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types === null ? null : (JSON.parse(row.event_types) as string[]),
    format: row.format,
    status: row.status,
    disabledReason: row.disabled_reason as DisabledReason | null,
    secretHint: row.secret_hint,
    previousSecretUntil:
      row.previous_secret_until !== null && row.previous_secret_until > now ? row.previous_secret_until : null,
    cursor,
    pending: Math.max(0, lastSeq - cursor),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    failingSince: row.failing_since,
    lastStatus: row.last_status,
    lastDeliveredAt: row.last_delivered_at,
    createdAt: row.created_at,
  };
}

/** What one attempt came to: delivered (2xx), retrying later, failed (the endpoint was disabled), or a test. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'test';

/** One line of an endpoint's delivery log. */
export interface WebhookDelivery {
  readonly id: number;
  readonly eventId: string;
  readonly seq: number;
  readonly eventType: string;
  readonly attempt: number;
  readonly outcome: DeliveryOutcome;
  readonly responseStatus: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
  readonly at: string;
  readonly nextAttemptAt: string | null;
}

export function toWebhookDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: Number(row.id),
    eventId: row.event_id,
    seq: Number(row.seq),
    eventType: row.event_type,
    attempt: row.attempt,
    outcome: row.outcome as DeliveryOutcome,
    responseStatus: row.response_status,
    error: row.error,
    latencyMs: row.latency_ms,
    at: row.at,
    nextAttemptAt: row.next_attempt_at,
  };
}
