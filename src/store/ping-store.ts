import { sql } from 'kysely';
import type { StoreDialect } from './dialect/store-dialect.ts';

/**
 * Runs the smallest query the database must answer: proof that it is reachable.
 *
 * @throws whatever the driver throws when it is not (its message is for the log only).
 * @example await pingStore(store)
 */
export async function pingStore(store: StoreDialect): Promise<void> {
  await sql`select 1`.execute(store.db);
}
