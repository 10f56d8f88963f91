import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { nowIso } from '../shared/clock.ts';
import type { Database, EventsTable } from './database.ts';
import { compiledInsert } from './compiled-insert.ts';
import { EVENT_COLUMNS } from './event-columns.ts';
import { takeSeqs } from './events-store.ts';

/** Who made a change: the tenant, and the IdP connection whose token asked (none from the CLI). */
export interface EventOrigin {
  readonly tenantId: string;
  readonly connectionId?: string | null;
  readonly idpKind?: string | null;
  /** The id shared by every change of one request or Bulk (the feed's `txn`); none outside a request. */
  readonly txn?: string | null;
}

/** A change-feed event as a write produces it. */
export interface NewEvent {
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The resource's ETag after the change; null where the resource has none. */
  readonly version: string | null;
  readonly data: unknown;
  /** The attribute paths an update changed. */
  readonly changed?: readonly string[];
}

/**
 * The unnumbered `events` row of an event: its id and time are taken now, so build it in
 * the request that makes the change.
 *
 * @example const row = eventRow({ tenantId }, { type: 'user.created', resourceType: 'User', resourceId, version: 'W/"1"', data })
 */
export function eventRow(origin: EventOrigin, event: NewEvent): Insertable<EventsTable> {
  return {
    id: randomUUID(),
    tenant_id: origin.tenantId,
    seq: null,
    type: event.type,
    occurred_at: nowIso(),
    txn: origin.txn ?? null,
    connection_id: origin.connectionId ?? null,
    idp_kind: origin.idpKind ?? null,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    resource_version: event.version,
    changed: event.changed ? JSON.stringify(event.changed) : null,
    data: JSON.stringify(event.data),
  };
}

/** Rows buffered before they are written: a change of a million members holds a hundred. */
const BATCH = 100;

/** Every write inserts its events: compiled once (see compiledInsert). */
const insertEvents = compiledInsert('events', [...EVENT_COLUMNS, 'seq']);

/**
 * The events of one write transaction, inserted into `events` in that transaction (the
 * outbox), in the order they were added. Rows are written in batches as they come, so a
 * change of a million members holds a hundred events in memory, not a million ids.
 */
export class Outbox {
  private pending: Insertable<EventsTable>[] = [];
  private readonly tenants = new Set<string>();

  /**
   * With `numberAtInsert` (where one write transaction runs at a time, so insert order is
   * commit order) rows get their `seq` as they are inserted; otherwise the publisher numbers
   * them after the commit (src/store/events-store.ts).
   */
  constructor(
    private readonly trx: Kysely<Database>,
    private readonly numberAtInsert: boolean,
  ) {}

  async add(origin: EventOrigin, event: NewEvent): Promise<void> {
    this.tenants.add(origin.tenantId);
    this.pending.push(eventRow(origin, event));
    if (this.pending.length >= BATCH) await this.flush();
  }

  /** Writes what is buffered; the transaction's end calls it. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    if (this.numberAtInsert) {
      for (const [tenantId, count] of countBy(rows.map((r) => r.tenant_id))) {
        let seq = (await takeSeqs(this.trx, tenantId, count)) - count;
        for (const row of rows) if (row.tenant_id === tenantId) row.seq = ++seq;
      }
    }
    for (const statement of insertEvents(this.trx, rows)) await this.trx.executeQuery(statement);
  }

  /** The tenants this transaction wrote events for. */
  tenantIds(): ReadonlySet<string> {
    return this.tenants;
  }
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

const outboxes = new WeakMap<Kysely<Database>, Outbox>();

/** Attaches an outbox to its transaction, so code given only the transaction can add to it. */
export function attachOutbox(trx: Kysely<Database>, outbox: Outbox): void {
  outboxes.set(trx, outbox);
}

/**
 * The outbox of a transaction begun by writeTransaction.
 * @throws when `trx` is not one: an event written outside the outbox's transaction could be lost
 */
export function outboxOf(trx: Kysely<Database>): Outbox {
  const outbox = outboxes.get(trx);
  if (!outbox) throw new Error('Change-feed events are written only inside writeTransaction');
  return outbox;
}
