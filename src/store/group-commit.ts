import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.ts';

/** Jobs one shared transaction takes at most, so the first of them is not kept waiting long. */
const MAX_BATCH = 64;

interface Job {
  readonly work: (trx: Transaction<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit, where one write transaction runs at a time (SQLite): the writes that
 * arrive within one turn of the event loop share one transaction and one fsync. Each runs
 * in a savepoint of its own, so a write that fails is rolled back alone and its error is
 * its caller's; each caller is answered only after the shared COMMIT and the WAL sync that
 * covers it (WalSync, src/store/dialect/sqlite-wal-sync.ts), so nothing is acknowledged
 * before it is on disk. If the COMMIT or its sync fails, every write of the batch fails with
 * it (and writeTransaction may run each again).
 *
 * Requests that arrive together are parsed in the same poll phase; the batch starts on
 * `setImmediate`, after that phase, so it gathers them instead of committing the first alone.
 *
 * @example const value = await commits.run((trx) => trx.insertInto('users').values(row).execute())
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const outcomes: Outcome[] = [];
      try {
        await this.db.transaction().execute(async (trx) => {
          for (const job of batch) outcomes.push(await runInSavepoint(trx, job));
        });
      } catch (error) {
        for (const job of batch) job.reject(error);
        continue;
      }
      batch.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
      // The commit's sync ended in this poll phase; requests that arrived meanwhile are read in
      // its later callbacks: gather them into the next batch instead of committing a few alone.
      await new Promise((next) => setImmediate(next));
    }
    this.scheduled = false;
  }
}

/** Every write of a batch runs them: SQL text with nothing to build. */
const SAVEPOINT = CompiledQuery.raw('savepoint roster_write');
const RELEASE = CompiledQuery.raw('release roster_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to roster_write');

async function runInSavepoint(trx: Transaction<Database>, job: Job): Promise<Outcome> {
  await trx.executeQuery(SAVEPOINT);
  try {
    const value = await job.work(trx);
    await trx.executeQuery(RELEASE);
    return { ok: true, value };
  } catch (error) {
    await trx.executeQuery(ROLLBACK_TO);
    await trx.executeQuery(RELEASE);
    return { ok: false, error };
  }
}
