import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';

/** How busy a connection is, from the provisioning log. */
export interface ConnectionActivity {
  /** SCIM requests in the last 24 hours. */
  readonly requests24h: number;
  /** Of those, the ones answered with status 400 or above. */
  readonly errors24h: number;
  /** The latest request still in the log. */
  readonly lastRequestAt: string | null;
}

export const NO_ACTIVITY: ConnectionActivity = { requests24h: 0, errors24h: 0, lastRequestAt: null };

/**
 * The activity of each connection. Both queries read only the (connection_id, at,
 * status) index: a range scan of one day, and one step to its newest entry.
 *
 * @example (await connectionActivity(db, [id], new Date())).get(id)?.errors24h
 */
export async function connectionActivity(
  db: Kysely<Database>,
  connectionIds: readonly string[],
  now: Date = new Date(),
): Promise<Map<string, ConnectionActivity>> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const result = new Map<string, ConnectionActivity>();
  for (const id of connectionIds) {
    const counts = await db
      .selectFrom('provisioning_log')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('requests'),
        eb.fn.sum<number | string | null>(eb.case().when('status', '>=', 400).then(1).else(0).end()).as('errors'),
      ])
      .where('connection_id', '=', id)
      .where('at', '>=', dayAgo)
      .executeTakeFirstOrThrow();
    const last = await db
      .selectFrom('provisioning_log')
      .select('at')
      .where('connection_id', '=', id)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    result.set(id, {
      requests24h: Number(counts.requests),
      errors24h: Number(counts.errors ?? 0),
      lastRequestAt: last?.at ?? null,
    });
  }
  return result;
}
