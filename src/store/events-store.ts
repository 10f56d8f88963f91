import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, EventsTable } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { compiledQuery } from './compiled-once.ts';
import { EVENT_COLUMNS } from './event-columns.ts';

/** A published event row, numbers as numbers. */
export type EventRow = Omit<Selectable<EventsTable>, 'seq' | 'pos'> & { readonly seq: number };

/** Where a tenant's feed stands: the last published seq, and the highest one retention deleted. */
export interface FeedBounds {
  readonly lastSeq: number;
  readonly prunedThrough: number;
}

/** Rows one publishing step numbers at most. */
export const PUBLISH_BATCH = 1000;

/** Events one pruning step deletes at most. */
const PRUNE_BATCH = 5000;

const PUBLISHER_LOCK = 'roster.events.publisher';

/** Every write on SQLite takes its events' numbers: compiled once (see compiledQuery). */
const takeSeqsQuery = compiledQuery((db: Kysely<Database>, tenantId: string, count: number, step: number) =>
  db
    .insertInto('event_counters')
    .values({ tenant_id: tenantId, last_seq: count, pruned_through: 0 })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ last_seq: sql`event_counters.last_seq + ${step}` }))
    .returning('last_seq'),
);

/**
 * Moves the tenant's counter `count` numbers on, inside the caller's transaction (which
 * holds the counter's row until it ends). @returns the last number taken
 */
export async function takeSeqs(trx: Kysely<Database>, tenantId: string, count: number): Promise<number> {
  const { rows } = await trx.executeQuery(takeSeqsQuery(trx, tenantId, count, count));
  const counter = rows[0];
  if (counter === undefined) throw new Error(`takeSeqs: no counter row returned for tenant ${tenantId}`);
  return Number(counter.last_seq);
}

/**
 * Gives the oldest unpublished rows their per-tenant `seq`, in insertion order, and
 * returns the tenants it published for and whether it stopped at `limit` (PostgreSQL's publisher; on SQLite the outbox
 * numbers rows as it inserts them).
 *
 * Why this is gap-free and ordered (docs/events-ordering.md has the long form): a row is numbered
 * only once it is visible, i.e. committed, and numbers are taken from the tenant's counter
 * by one publisher at a time, so a reader that has seen `seq` n has seen every number
 * below. Rows are inserted at the end of their write, after its row locks are taken, so a
 * write that waited for another has the later `pos` and is numbered after it, even when
 * the two are published in different steps. On SQLite the writer numbers its own rows
 * (one writer at a time: insert order is commit order); on PostgreSQL this separate step
 * does, under an advisory lock, so that numbers follow commits and not inserts.
 */
export async function publishPending(
  trx: Kysely<Database>,
  limit = PUBLISH_BATCH,
): Promise<{ tenants: ReadonlySet<string>; full: boolean }> {
  const pending = await trx
    .selectFrom('events')
    .select(['pos', 'tenant_id'])
    .where('seq', 'is', null)
    .orderBy('pos')
    .limit(limit)
    .execute();
  const byTenant = new Map<string, number[]>();
  for (const row of pending) {
    const list = byTenant.get(row.tenant_id) ?? [];
    list.push(Number(row.pos));
    byTenant.set(row.tenant_id, list);
  }
  for (const [tenantId, positions] of byTenant) {
    const base = (await takeSeqs(trx, tenantId, positions.length)) - positions.length;
    // Numbered in `pos` order within the rows read above, never others that became visible since.
    await sql`update events set seq = numbered.seq
      from (select pos, ${base} + row_number() over (order by pos) as seq
            from events where pos in (${sql.join(positions)})) as numbered
      where events.pos = numbered.pos`.execute(trx);
  }
  return { tenants: new Set(byTenant.keys()), full: pending.length === limit };
}

/** Reads of the published feed, the PostgreSQL publisher, and retention. */
export class EventsStore {
  constructor(private readonly store: StoreDialect) {}

  /**
   * One publishing step in a transaction of its own (PostgreSQL, where writers leave
   * their rows unnumbered). Another instance publishing at the same time makes it a no-op.
   * @returns whether it held the lock, the tenants published for, and whether rows were left for another step
   */
  async publish(): Promise<{ locked: boolean; tenants: ReadonlySet<string>; more: boolean }> {
    return this.store.db.transaction().execute(async (trx) => {
      if (!(await this.store.tryExclusiveLock(trx, PUBLISHER_LOCK))) {
        return { locked: false, tenants: new Set(), more: true };
      }
      const { tenants, full } = await publishPending(trx);
      return { locked: true, tenants, more: full };
    });
  }

  /** The oldest unpublished row's time: how far the publisher is behind (null when it is not). */
  async oldestUnpublished(): Promise<string | null> {
    const row = await this.store.db
      .selectFrom('events')
      .select('occurred_at')
      .where('seq', 'is', null)
      .orderBy('pos')
      .limit(1)
      .executeTakeFirst();
    return row?.occurred_at ?? null;
  }

  /** Published events after `afterSeq`, ascending, of the given types (all when empty). */
  async read(tenantId: string, afterSeq: number, limit: number, types: readonly string[]): Promise<EventRow[]> {
    let query = this.store.db
      .selectFrom('events')
      .select([...EVENT_COLUMNS, 'seq'])
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit);
    if (types.length > 0) query = query.where('type', 'in', types);
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /** `via`: a transaction to read them in (the snapshot takes its cursor inside its own). */
  async bounds(tenantId: string, via: Kysely<Database> = this.store.db): Promise<FeedBounds> {
    const row = await via
      .selectFrom('event_counters')
      .select(['last_seq', 'pruned_through'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return { lastSeq: Number(row?.last_seq ?? 0), prunedThrough: Number(row?.pruned_through ?? 0) };
  }

  /**
   * Deletes published events that occurred before `cutoff`, tenant by tenant from the
   * oldest (a tenant's seq follows time), and records how far each tenant's feed was cut
   * (a reader behind that point gets 410). A batch at a time, so pruning never holds the
   * write lock long. @returns how many events were deleted
   */
  async prune(cutoff: string): Promise<number> {
    const tenants = await this.store.db.selectFrom('event_counters').select('tenant_id').execute();
    let deleted = 0;
    for (const { tenant_id: tenantId } of tenants) {
      for (;;) {
        const oldest = await this.store.db
          .selectFrom('events')
          .select(['seq', 'occurred_at'])
          .where('tenant_id', '=', tenantId)
          .where('seq', 'is not', null)
          .orderBy('seq')
          .limit(PRUNE_BATCH)
          .execute();
        // The prefix that is old enough: on PostgreSQL seq follows commits, not quite time.
        const young = oldest.findIndex((e) => e.occurred_at >= cutoff);
        const old = young === -1 ? oldest : oldest.slice(0, young);
        const through = old.length > 0 ? Number(old.at(-1)!.seq) : undefined;
        if (through === undefined) break;
        await this.store.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('event_counters')
            .set({ pruned_through: through })
            .where('tenant_id', '=', tenantId)
            .where('pruned_through', '<', through)
            .execute();
          await trx.deleteFrom('events').where('tenant_id', '=', tenantId).where('seq', '<=', through).execute();
        });
        deleted += old.length;
        if (old.length < oldest.length || oldest.length < PRUNE_BATCH) break;
      }
    }
    return deleted;
  }
}
