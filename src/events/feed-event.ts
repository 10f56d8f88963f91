import type { EventRow } from '../store/events-store.ts';

/** One change-feed event as the feed API and webhooks send it (docs/events.md). */
export interface FeedEvent {
  /** Stable; also the webhook's `webhook-id`. */
  readonly id: string;
  /** Per tenant, contiguous, in commit order. */
  readonly seq: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly tenant: string;
  /** The IdP connection whose token made the change; null for CLI and portal changes. */
  readonly connection: { readonly id: string; readonly idpKind: string | null } | null;
  /** Shared by every event of one SCIM request or Bulk; null outside a request. */
  readonly txn: string | null;
  readonly resource: { readonly type: string; readonly id: string; readonly version: string | null };
  /** The attribute paths an update changed (`*.updated` events). */
  readonly changedAttributes?: readonly string[];
  readonly data: unknown;
}

export function toFeedEvent(row: EventRow): FeedEvent {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    occurredAt: row.occurred_at,
    tenant: row.tenant_id,
    connection: row.connection_id === null ? null : { id: row.connection_id, idpKind: row.idp_kind },
    txn: row.txn,
    resource: { type: row.resource_type, id: row.resource_id, version: row.resource_version },
    ...(row.changed !== null ? { changedAttributes: JSON.parse(row.changed) as string[] } : {}),
    data: JSON.parse(row.data) as unknown,
  };
}
