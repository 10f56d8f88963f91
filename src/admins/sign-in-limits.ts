import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';

/** Failed attempts allowed per window before sign-in is refused for the rest of it. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perEmail: 5, perAddress: 20 } as const;

/**
 * Counts recent failures per key (`email:…`, `ip:…`, `setup:…`) in the database, so the
 * limit holds across instances. Returns the seconds to wait, or 0 when an attempt may go on.
 */
export async function secondsUntilAllowed(
  db: Kysely<Database>,
  keys: readonly { key: string; max: number }[],
  now = new Date(),
): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000).toISOString();
  let wait = 0;
  for (const { key, max } of keys) {
    const rows = await db
      .selectFrom('sign_in_failures')
      .select('at')
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(max)
      .execute();
    if (rows.length < max) continue;
    // Allowed again once the oldest of the last `max` failures leaves the window.
    const oldest = Date.parse(rows[rows.length - 1]!.at);
    wait = Math.max(wait, Math.ceil((oldest + SIGN_IN_LIMITS.windowMinutes * 60_000 - now.getTime()) / 1000));
  }
  return wait;
}

/** Records one failure under each key, and forgets failures older than a day. */
export async function recordFailure(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('sign_in_failures')
    .values(keys.map((key) => ({ id: randomUUID(), key, at })))
    .execute();
  await db
    .deleteFrom('sign_in_failures')
    .where('at', '<', new Date(Date.now() - 86_400_000).toISOString())
    .execute();
}

/** Forgets the failures under a key (after a successful sign-in). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
