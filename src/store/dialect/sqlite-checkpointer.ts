import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { startThread } from '../../shared/thread.ts';

/** The WAL file's size past which its checkpoints move to a thread (about 500 pages). */
export const CHECKPOINT_THREAD_FROM_BYTES = 2 * 1024 * 1024;
/** How often the thread checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 250;
/** The log's length (pages of 4 KiB: 32 MiB) past which the thread rewinds it (see sqlite-checkpoint-worker.ts). */
export const RESTART_FROM_PAGES = 8192;
/** SQLite's own default: the committing connection checkpoints once the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;
/** Commits between two looks at the WAL file's size. */
const LOOK_EVERY = 16;

/**
 * Takes the write-ahead log's checkpoints off the event loop. By default SQLite checkpoints
 * inside the COMMIT that takes the WAL past 1,000 pages: it copies them into the database
 * file and syncs both, on the one thread that serves every request, which waited with it.
 * Under `GET /Users/{id}` at 7,000 requests a second (only the provisioning log writing) that
 * made the p99 24 ms against 14 ms without it, and cost 8 % of the throughput (BENCHMARKS.md).
 *
 * Once the WAL file has grown past {@link CHECKPOINT_THREAD_FROM_BYTES} (a database that is
 * written to, not one a test or a CLI command opens for a moment), a thread with a connection
 * of its own checkpoints every {@link CHECKPOINT_INTERVAL_MS}, and the server's connection no
 * longer does. Past {@link RESTART_FROM_PAGES} pages of log the thread makes writers wait the
 * few ms it takes to finish and rewind the log, which otherwise grows without end. A
 * checkpoint changes no data and is safe from a crash at any point; if the thread fails, the
 * server's connection takes checkpoints back.
 */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private commits = 0;
  private closed = false;
  /** False once the thread failed: checkpoints stay with the server's connection. */
  private usable = true;
  /** The server's connection checkpoints too, while the thread reports it cannot rewind the log. */
  private helping = false;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly file: string,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
    private readonly restartFromPages = RESTART_FROM_PAGES,
  ) {}

  /** Called after each commit: starts the thread once the WAL has grown enough. */
  afterCommit(): void {
    if (this.worker !== undefined || !this.usable || this.closed || ++this.commits % LOOK_EVERY !== 0) return;
    let size = 0;
    try {
      size = statSync(`${this.file}-wal`).size;
    } catch {
      return;
    }
    if (size >= CHECKPOINT_THREAD_FROM_BYTES) this.start();
  }

  /** Whether the thread checkpoints now (tests, metrics). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  /** Starts the thread now, whatever the WAL's size (tests). */
  start(): void {
    if (this.worker !== undefined || this.closed) return;
    const worker = startThread(import.meta.url, 'sqlite-checkpoint-worker', {
      workerData: { file: this.file, intervalMs: this.intervalMs, restartFromPages: this.restartFromPages },
    });
    worker.unref();
    this.worker = worker;
    this.database.pragma('wal_autocheckpoint = 0');
    const failed = (): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.usable = false;
      if (!this.closed && this.database.open) this.database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    };
    worker.on('error', failed);
    worker.on('exit', failed);
    worker.on('message', (message: { behind?: boolean }) => {
      // While the thread cannot rewind the log, SQLite's own checkpoint in the COMMIT does
      // (of the pages the thread has not copied yet); once it can, the thread alone again.
      if (this.worker !== worker || typeof message.behind !== 'boolean' || message.behind === this.helping) return;
      this.helping = message.behind;
      if (this.database.open) this.database.pragma(`wal_autocheckpoint = ${this.helping ? AUTOCHECKPOINT_PAGES : 0}`);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
