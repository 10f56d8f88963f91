import { sql } from 'kysely';
import type { StoreDialect } from './dialect/store-dialect.ts';

/**
 * Runs the cheapest query there is: the database answers (readiness), nothing more.
 *
 * @throws the driver's error when it does not; callers must not show its message to clients.
 */
export async function pingStore(store: StoreDialect): Promise<void> {
  await sql`select 1`.execute(store.db);
}
