import { pruneActivity } from './activity-counts.ts';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/database.ts';

/** How much of the provisioning log to keep. */
export interface LogRetention {
  /** Entries older than this many days are deleted. */
  readonly retentionDays: number;
  /** At most this many entries are kept, over all tenants: the newest. */
  readonly maxRows: number;
}

export interface PruneResult {
  readonly byAge: number;
  readonly byCount: number;
}

/** Rows per DELETE: short statements, so SQLite's write lock is never held long. */
const CHUNK = 5000;

/**
 * Deletes what the retention no longer keeps. The count bound cuts on the id, which
 * grows with every insert, so finding the cut costs one index lookup however large the
 * log is. Safe to run on several instances at once. Entries of a tenant that no longer
 * exists are left to the count bound.
 *
 * @example await pruneLog(db, { retentionDays: 30, maxRows: 1_000_000 })
 */
export async function pruneLog(
  db: Kysely<Database>,
  retention: LogRetention,
  now: Date = new Date(),
): Promise<PruneResult> {
  const cutoff = new Date(now.getTime() - retention.retentionDays * 86_400_000).toISOString();
  let byAge = 0;
  // Tenant by tenant, so each delete reads the (tenant_id, at, id) index.
  for (const { id: tenantId } of await db.selectFrom('tenants').select('id').execute()) {
    byAge += await deleteInChunks(db, (limit) =>
      db
        .selectFrom('provisioning_log')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('at', '<', cutoff)
        .limit(limit),
    );
  }
  await pruneActivity(db, cutoff);
  const newest = await db
    .selectFrom('provisioning_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  let byCount = 0;
  if (newest?.id !== null && newest?.id !== undefined) {
    const keepAbove = Number(newest.id) - retention.maxRows;
    if (keepAbove > 0) {
      byCount = await deleteInChunks(db, (limit) =>
        db.selectFrom('provisioning_log').select('id').where('id', '<=', keepAbove).limit(limit),
      );
    }
  }
  return { byAge, byCount };
}

async function deleteInChunks(
  db: Kysely<Database>,
  ids: (limit: number) => SelectQueryBuilder<Database, 'provisioning_log', { id: number }>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.deleteFrom('provisioning_log').where('id', 'in', ids(CHUNK)).executeTakeFirst();
    const n = Number(result.numDeletedRows);
    total += n;
    if (n < CHUNK) return total;
  }
}
