import { sql, type CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database, LogActivityTable } from '../store/database.ts';
import type { LogEntry } from './log-entry.ts';

/** The UTC hour an instant falls in, as the counters key it. */
export const hourOf = (iso: string): string => iso.slice(0, 13);

/** A batch of log entries summed per token and hour. */
export function countByTokenHour(entries: readonly LogEntry[]): Insertable<LogActivityTable>[] {
  const sums = new Map<string, Insertable<LogActivityTable>>();
  for (const e of entries) {
    const hour = hourOf(e.at);
    const key = `${e.tokenId}\u0000${hour}`;
    const sum = sums.get(key) ?? {
      token_id: e.tokenId,
      hour,
      connection_id: e.connectionId,
      requests: 0,
      errors: 0,
      last_at: e.at,
    };
    sum.requests = Number(sum.requests) + 1;
    if (e.status >= 400) sum.errors = Number(sum.errors) + 1;
    if (e.at > sum.last_at) sum.last_at = e.at;
    sums.set(key, sum);
  }
  return [...sums.values()];
}

/** Adds a batch's counts to the stored ones: one upsert (several instances may add at once), or none for no entries. */
export function addActivity(db: Kysely<Database>, entries: readonly LogEntry[]): CompiledQuery | undefined {
  const rows = countByTokenHour(entries);
  if (rows.length === 0) return undefined;
  return db
    .insertInto('log_activity')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['token_id', 'hour']).doUpdateSet({
        requests: sql`log_activity.requests + excluded.requests`,
        errors: sql`log_activity.errors + excluded.errors`,
        last_at: sql`case when excluded.last_at > log_activity.last_at then excluded.last_at else log_activity.last_at end`,
      }),
    )
    .compile();
}

/** Drops the counters of hours older than the log keeps. */
export async function pruneActivity(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('log_activity').where('hour', '<', hourOf(before)).execute();
}
