import { open, type FileHandle } from 'node:fs/promises';
import type { Database as SqliteDatabase } from 'better-sqlite3';

/** Makes the write-ahead log's contents durable: `fdatasync` of the `-wal` file. */
export type SyncFile = (handle: FileHandle) => Promise<void>;

const datasync: SyncFile = (handle) => handle.datasync();

/**
 * Durable commits without blocking the event loop. With `synchronous = FULL` SQLite calls
 * fsync inside COMMIT, on the one thread that serves every request: each commit stalled the
 * whole server for its 2 to 4 ms. The connection runs with `synchronous = NORMAL` instead (a
 * COMMIT writes its frames to the WAL file and returns; still safe from corruption), and
 * whoever committed waits here for an `fdatasync` of the WAL file, run on libuv's thread
 * pool, before answering anyone. A sync begun after a commit covers it and every commit
 * before it (the kernel syncs the file, whoever wrote it), so commits that wait together
 * share one sync, as group commit's writes share one COMMIT.
 *
 * What this changes against FULL: between its COMMIT and the end of its sync a write is
 * visible to other requests on this instance, though not yet acknowledged. A power cut in
 * those few ms loses it, as FULL would have lost it before its COMMIT returned; its client
 * was never told it succeeded. Readers whose answers others build on (the change feed, whose
 * `seq`s must never be handed out twice) call {@link untilDurable} before answering.
 *
 * The handle stays open on the `-wal` file, which SQLite keeps (same file, rewound after
 * checkpoints) as long as this connection is open.
 */
export class WalSync {
  private handle: Promise<FileHandle> | undefined;
  /** Commits noted so far, and how many of them a finished sync covers. */
  private noted = 0;
  private synced = 0;
  private running: Promise<void> | undefined;
  private otherWriters: number;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly walFile: string,
    private readonly sync: SyncFile = datasync,
  ) {
    this.otherWriters = this.dataVersion();
  }

  /** Called after a statement that may have committed (COMMIT, a write outside a transaction). */
  afterWrite(): Promise<void> | undefined {
    if (this.database.inTransaction) return undefined;
    return this.durable(++this.noted);
  }

  /**
   * Resolves once everything committed to the database so far is on disk: this
   * connection's commits, and those of other processes on the same file (the CLI), which
   * `PRAGMA data_version` reveals.
   */
  untilDurable(): Promise<void> {
    const version = this.dataVersion();
    if (version !== this.otherWriters) {
      this.otherWriters = version;
      this.noted++;
    }
    return this.durable(this.noted);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }

  private async durable(ticket: number): Promise<void> {
    while (this.synced < ticket) await (this.running ?? this.startSync());
  }

  /** One sync, covering every commit noted before it starts. */
  private startSync(): Promise<void> {
    const covers = this.noted;
    let run: Promise<void> | undefined = undefined;
    run = (async () => {
      try {
        this.handle ??= open(this.walFile, 'r+');
        await this.sync(await this.handle);
        this.synced = Math.max(this.synced, covers);
      } catch (error) {
        // The next sync opens the file again, in case that was what failed.
        this.handle = undefined;
        throw error;
      } finally {
        // Cleared before anyone awaiting this run resumes, so a waiter left behind starts the next.
        if (this.running === run) this.running = undefined;
      }
    })();
    this.running = run;
    return run;
  }

  private dataVersion(): number {
    return this.database.pragma('data_version', { simple: true }) as number;
  }
}
