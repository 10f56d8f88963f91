import type { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import { startThread } from '../../shared/thread.ts';
import type { BackgroundWriter } from './store-dialect.ts';
import type { FromWriter, ToWriter } from './sqlite-writer-messages.ts';

/**
 * Jobs run on the server's connection before the thread starts: a process that writes in the
 * background this often serves traffic (at 250 ms a log batch, 8 s of it); one that opens
 * the store for a moment (a CLI command, most tests) never pays for a thread.
 */
export const WRITER_THREAD_AFTER_JOBS = 32;

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Background writes off the event loop (SQLite). A write through better-sqlite3 runs on the
 * thread that serves every request: under `GET /Users/{id}` the provisioning log's inserts
 * and their COMMITs were a fifth of the server's CPU, every request waiting while they ran
 * (BENCHMARKS.md). Here a thread with a connection of its own to the file runs each job (a
 * list of statements, one IMMEDIATE transaction), one at a time, in order.
 *
 * SQLite has one write lock per file. The server's connection must not meet the thread's
 * transaction inside SQLite, where it would wait in the busy handler with the event loop
 * stopped: while a job runs, {@link idle} hands out a promise that the server's connection
 * awaits before it takes the lock (src/store/dialect/sqlite-immediate.ts). The thread, in its
 * turn, may wait for the server's transaction in the busy handler: it holds up no request.
 *
 * Before {@link WRITER_THREAD_AFTER_JOBS} jobs, and for good once the thread failed, jobs run
 * on the server's connection (`inline`). The thread's commits are not synced by it: nothing it
 * writes is acknowledged to a client, and the next sync of the log file (the server's next
 * commit, a checkpoint) covers them.
 */
export class SqliteWriterThread implements BackgroundWriter {
  private worker: Worker | undefined;
  private usable = true;
  private closed = false;
  private jobs = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private idleSignal: { readonly promise: Promise<void>; readonly resolve: () => void } | undefined;

  constructor(
    private readonly file: string,
    private readonly inline: (statements: readonly CompiledQuery[]) => Promise<void>,
    /** Told after each job the thread committed (the checkpointer counts commits). */
    private readonly afterCommit: () => void,
    private readonly afterJobs = WRITER_THREAD_AFTER_JOBS,
  ) {}

  /** Whether jobs go to the thread now (tests, metrics). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  run(statements: readonly CompiledQuery[]): Promise<void> {
    if (this.worker === undefined && (this.jobs++ < this.afterJobs || !this.usable || this.closed)) {
      return this.inline(statements);
    }
    const worker = this.worker ?? this.start();
    if (worker === undefined) return this.inline(statements);
    const id = this.nextId++;
    const job: ToWriter = { id, statements: statements.map(({ sql, parameters }) => ({ sql, parameters })) };
    if (this.idleSignal === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.idleSignal = { promise, resolve };
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(job);
    });
  }

  /**
   * While the thread has a job: a promise settled once it has none. The server's connection
   * awaits it before it takes the write lock; undefined when there is nothing to wait for.
   */
  idle(): Promise<void> | undefined {
    return this.idleSignal?.promise;
  }

  /** Waits for the jobs under way, then stops the thread; later jobs run inline. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker | undefined {
    if (this.closed || !this.usable) return undefined;
    let worker: Worker;
    try {
      worker = startThread(import.meta.url, 'sqlite-writer-worker', { workerData: { file: this.file } });
    } catch {
      this.usable = false;
      return undefined;
    }
    worker.unref();
    this.worker = worker;
    const lost = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.usable = false;
      for (const job of this.waiting.values()) job.reject(error);
      this.waiting.clear();
      this.settleIdle();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the SQLite writer thread exited (code ${code})`)));
    worker.on('message', (message: FromWriter) => {
      const job = this.waiting.get(message.id);
      if (job === undefined) return;
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) this.settleIdle();
      if (message.error === undefined) {
        this.afterCommit();
        job.resolve();
      } else {
        job.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      }
    });
    return worker;
  }

  private settleIdle(): void {
    const signal = this.idleSignal;
    this.idleSignal = undefined;
    signal?.resolve();
  }
}
