import type { Compilable, Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { feedSignalOf } from './feed-signal.ts';
import { attachOutbox, eventRow, Outbox, type EventOrigin, type NewEvent } from './outbox.ts';

/** Tries a write gets when the database gives it up as a deadlock victim or serialization failure. */
const ATTEMPTS = 5;
/** One-statement tries of writeResource that lose the version race before it reads under the row lock. */
const OPTIMISTIC_ATTEMPTS = 3;

/** Another writer moved the version between the read and the guarded write. */
const MISSED = Symbol('missed');

/**
 * The one way Roster writes: runs `work` in a transaction with an {@link Outbox}, so a
 * change and its change-feed events commit or roll back together; again when the database
 * gave it up as a deadlock victim or a serialization failure (`isRetryable`). Membership
 * writes lock a member, a group and membership rows, and a user or group delete meets them
 * in another order; no single order serves both, so PostgreSQL's deadlock detector breaks
 * the tie and the loser runs once more. `work` must depend only on its arguments and what
 * it reads through `trx`. A write of one resource row goes through {@link writeResource}.
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
  return withRetries(store, () => inTransaction(store, work));
}

/** A write of one resource row and the change-feed events it makes. */
export interface ResourceWrite {
  /**
   * The insert, or the update or delete guarded by the version read (`where version = …`),
   * returning the row it changed: none when another writer got there first.
   */
  readonly statement: Compilable<unknown>;
  readonly origin: EventOrigin;
  readonly events: readonly NewEvent[];
}

/** What a write decided from the row it read: its result, and what to write (nothing when nothing changes). */
export interface PlannedWrite<T> {
  readonly result: T;
  readonly write?: ResourceWrite;
}

/** A write of one resource as read, change, guarded write; {@link writeResource} runs it. */
export interface ResourceSteps<C, T> {
  /** Reads the resource; `lock`: hold its row until the transaction ends (the read is in one then). */
  read(via: Kysely<Database>, lock: boolean): Promise<C>;
  /** The change on what was read (404, 412 and 400 are thrown here); may run more than once. */
  plan(current: C): Promise<PlannedWrite<T>>;
}

/**
 * Writes one resource: read it, compute the change, write the change and its events only
 * if the version read is still the current one. The store decides how:
 *
 * - where a statement can write a row and its events together (PostgreSQL), the read is a
 *   plain one and the write one autocommit statement (a POST is one round trip, a PATCH
 *   two); a write that lost the race to another writer of the resource changes nothing and
 *   writes no event, and is read and computed again, so its events come after the winner's.
 *   After {@link OPTIMISTIC_ATTEMPTS} lost races it reads under the row lock in a
 *   transaction, where it cannot lose, so a hot resource cannot starve a writer;
 * - elsewhere (SQLite) read and write share one write transaction (group-committed), where
 *   nothing moves between them.
 *
 * @example
 * await writeResource(store, {
 *   read: (via, lock) => users.find(tenantId, id, via, lock),
 *   plan: async (current) => ({ result: row, write: { statement: users.update(row, current.version), origin, events } }),
 * })
 */
export async function writeResource<C, T>(store: StoreDialect, steps: ResourceSteps<C, T>): Promise<T> {
  const oneStatement = store.writeWithEvents;
  let missed = 0;
  return withRetries(store, async () => {
    if (oneStatement && missed < OPTIMISTIC_ATTEMPTS) {
      const { result, write } = await steps.plan(await steps.read(store.db, false));
      if (!write) return result;
      const rows = write.events.map((event) => eventRow(write.origin, event));
      if (!(await oneStatement(store.db, write.statement.compile(), rows))) {
        missed++;
        return MISSED;
      }
      if (rows.length > 0) feedSignalOf(store).notify(new Set([write.origin.tenantId]));
      return result;
    }
    return inTransaction(store, async (trx, outbox) => {
      const { result, write } = await steps.plan(await steps.read(trx, true));
      if (write) {
        const { rows } = await trx.executeQuery(write.statement.compile());
        if (rows.length === 0) throw new Error('A write under its row lock missed its own version');
        for (const event of write.events) await outbox.add(write.origin, event);
      }
      return result;
    });
  });
}

/** What an attempt of {@link writeOptimistically} came to, when it did not write. */
export type NotWritten = 'lost' | 'declined';

/**
 * Runs `attempt`, a read and one autocommit statement guarded by the version read, until it
 * neither loses the race to another writer (`'lost'`: it wrote nothing and reads again)
 * nor fails in a way a retry may cure, at most {@link OPTIMISTIC_ATTEMPTS} lost races.
 * @returns its result; undefined when it lost every race or declined (what it read is not
 * for one statement): the caller then writes in a transaction, under the row lock
 * @example const done = await writeOptimistically(store, () => attemptInOne()); if (done === undefined) await underLock()
 */
export async function writeOptimistically<T>(
  store: StoreDialect,
  attempt: () => Promise<T | NotWritten>,
): Promise<T | undefined> {
  let lost = 0;
  let declined = false;
  return withRetries(store, async () => {
    if (declined || lost >= OPTIMISTIC_ATTEMPTS) return undefined;
    const result = await attempt();
    if (result === 'declined') declined = true;
    else if (result === 'lost') lost++;
    else return result;
    return declined ? undefined : MISSED;
  });
}

/** Runs `once` until it neither misses nor fails in a way a retry may cure. */
async function withRetries<T>(store: StoreDialect, once: () => Promise<T | typeof MISSED>): Promise<T> {
  for (let failures = 0; ;) {
    try {
      const result = await once();
      if (result !== MISSED) return result;
    } catch (error) {
      if (++failures >= ATTEMPTS || !store.isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * failures));
    }
  }
}

async function inTransaction<T>(
  store: StoreDialect,
  work: (trx: Transaction<Database>, outbox: Outbox) => Promise<T>,
): Promise<T> {
  let outbox: Outbox | undefined;
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
}
