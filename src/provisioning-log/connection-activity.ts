import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import { hourOf } from './activity-counts.ts';

/** How busy a connection or a token is, from the provisioning log's hourly counters. */
export interface ConnectionActivity {
  /** SCIM requests in the last 24 hours (counted by whole hours: the 24 before the current one, and it). */
  readonly requests24h: number;
  /** Of those, the ones answered with status 400 or above. */
  readonly errors24h: number;
  /** The latest request the log still counts. */
  readonly lastRequestAt: string | null;
}

export const NO_ACTIVITY: ConnectionActivity = { requests24h: 0, errors24h: 0, lastRequestAt: null };

/**
 * The activity of each connection, or each token, in one query over the hourly counters
 * (at most a few hundred rows each: one per hour the log retains).
 *
 * @example (await activityOf(db, 'connection_id', [id])).get(id)?.errors24h
 */
export async function activityOf(
  db: Kysely<Database>,
  by: 'connection_id' | 'token_id',
  ids: readonly string[],
  now: Date = new Date(),
): Promise<Map<string, ConnectionActivity>> {
  const result = new Map<string, ConnectionActivity>();
  if (ids.length === 0) return result;
  const dayAgo = hourOf(new Date(now.getTime() - 86_400_000).toISOString());
  const rows = await db
    .selectFrom('log_activity')
    .select((eb) => [
      eb.ref(by).as('id'),
      eb.fn
        .sum<number | string>(eb.case().when('hour', '>=', dayAgo).then(eb.ref('requests')).else(0).end())
        .as('requests'),
      eb.fn
        .sum<number | string>(eb.case().when('hour', '>=', dayAgo).then(eb.ref('errors')).else(0).end())
        .as('errors'),
      eb.fn.max('last_at').as('last'),
    ])
    .where(by, 'in', ids)
    .groupBy(by)
    .execute();
  for (const row of rows) {
    result.set(row.id, {
      requests24h: Number(row.requests),
      errors24h: Number(row.errors),
      lastRequestAt: row.last ?? null,
    });
  }
  return result;
}
