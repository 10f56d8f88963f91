import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { feedSignalOf } from './feed-signal.ts';
import { attachOutbox, Outbox } from './outbox.ts';

const ATTEMPTS = 5;

/**
 * The one way Roster writes: runs `work` in a transaction with an {@link Outbox}, so a
 * change and its change-feed events commit or roll back together; again when the database
 * gave it up as a deadlock victim or a serialization failure (`isRetryable`). Membership
 * writes lock a member, a group and membership rows, and a user or group delete meets them
 * in another order; no single order serves both, so PostgreSQL's deadlock detector breaks
 * the tie and the loser runs once more. `work` must depend only on its arguments and what
 * it reads through `trx`.
 *
 * Where one write transaction runs at a time (SQLite) concurrent writes share one
 * transaction and one fsync (GroupCommit), and the events are numbered before the commit;
 * elsewhere each write commits alone and the publisher numbers its events after it. Either way, once the transaction
 * committed, the feed's listeners hear of it.
 *
 * @example await writeTransaction(store, (trx) => trx.deleteFrom('users').where('id', '=', id).execute())
 */
export async function writeTransaction<T>(
  store: StoreDialect,
  work: (trx: Transaction<Database>, outbox: Outbox) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let outbox: Outbox | undefined;
    try {
      const run = async (trx: Transaction<Database>): Promise<T> => {
        outbox = new Outbox(trx, store.eventPublishing === 'inWriter');
        attachOutbox(trx, outbox);
        const value = await work(trx, outbox);
        await outbox.flush();
        return value;
      };
      const result = await (store.groupCommit ? store.groupCommit.run(run) : store.db.transaction().execute(run));
      if (outbox) feedSignalOf(store).notify(outbox.tenantIds());
      return result;
    } catch (error) {
      if (attempt >= ATTEMPTS || !store.isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
