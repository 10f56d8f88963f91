import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';

const ATTEMPTS = 5;

/**
 * Runs `work` in a transaction, again when the database gave it up as a deadlock victim
 * or a serialization failure (`isRetryable`). Membership writes lock a member, a group and
 * membership rows, and a user or group delete meets them in another order; no single
 * order serves both, so PostgreSQL's deadlock detector breaks the tie and the loser runs
 * once more. `work` must depend only on its arguments and what it reads through `trx`.
 *
 * @example await writeTransaction(store, (trx) => trx.deleteFrom('users').where('id', '=', id).execute())
 */
export async function writeTransaction<T>(
  store: StoreDialect,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.db.transaction().execute(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !store.isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
