import { systemClock, type Clock } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { activityOf, type ConnectionActivity } from './connection-activity.ts';
import type { LogEntry } from './log-entry.ts';
import { queryLog, type LogPage, type LogQuery } from './log-query.ts';
import { pruneLog, type LogRetention, type PruneResult } from './log-retention.ts';
import { LogWriter, type LogWriterState } from './log-writer.ts';

/** How the provisioning log is written and kept. */
export interface LogSettings extends LogRetention {
  readonly flushIntervalMs: number;
  readonly maxBatch: number;
  readonly pruneIntervalMs: number;
  /** An entry waiting (or a write running) longer than this makes the writer stuck: not ready. */
  readonly stuckAfterMs: number;
}

export const DEFAULT_LOG_SETTINGS: LogSettings = {
  retentionDays: 30,
  maxRows: 1_000_000,
  flushIntervalMs: 250,
  maxBatch: 500,
  pruneIntervalMs: 60_000,
  stuckAfterMs: 30_000,
};

/** Told of each batch write: how many entries, how long it took, whether it was stored. */
export type BatchListener = (entries: number, ms: number, ok: boolean) => void;

/** Where write and prune failures go; they never crash the process. */
export type LogErrorSink = (message: string, error: unknown) => void;

const stderrSink: LogErrorSink = (message, error) => process.stderr.write(`roster: ${message}: ${String(error)}\n`);

/**
 * The provisioning log: one entry per SCIM request, written in the background, pruned
 * by age and count, queried by administrators.
 *
 * @example
 * log.start((msg, err) => app.log.error({ err }, msg));
 * log.record(entry);           // from the response hook; returns at once
 * await log.stop();            // on close: writes what is buffered
 */
export class ProvisioningLog {
  private readonly writer: LogWriter;
  private sink: LogErrorSink = stderrSink;
  private pruneTimer: NodeJS.Timeout | undefined;
  private firstPrune: NodeJS.Immediate | undefined;
  private pruning: Promise<unknown> = Promise.resolve();
  private batchListener: BatchListener | undefined;

  constructor(
    private readonly store: StoreDialect,
    readonly settings: LogSettings = DEFAULT_LOG_SETTINGS,
    /** Places the retention cutoff and the last 24 hours of activity. */
    private readonly clock: Clock = systemClock,
  ) {
    this.writer = new LogWriter(store, {
      flushIntervalMs: settings.flushIntervalMs,
      maxBatch: settings.maxBatch,
      onError: (error, dropped) => this.sink(`could not write ${dropped} provisioning log entries`, error),
      onBatch: (entries, ms, ok) => this.batchListener?.(entries, ms, ok),
    });
  }

  /** Queues an entry for writing. */
  record(entry: LogEntry): void {
    this.writer.record(entry);
  }

  /** Calls `listener` after each batch write with its size and duration (metrics). */
  onBatch(listener: BatchListener | undefined): void {
    this.batchListener = listener;
  }

  /** Entries waiting in memory and for how long (metrics). */
  writerState(): LogWriterState {
    return this.writer.state();
  }

  /**
   * True when entries wait far longer than the flush interval, or the buffer is full: the
   * database does not take the writes, and an instance in that state should not get traffic.
   */
  stuck(): boolean {
    const state = this.writer.state();
    return state.full || state.waitedMs > this.settings.flushIntervalMs + this.settings.stuckAfterMs;
  }

  /** Writes every queued entry now. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Starts pruning (at once, then every `pruneIntervalMs`); errors go to `sink`. */
  start(sink: LogErrorSink = stderrSink): void {
    this.sink = sink;
    if (this.pruneTimer !== undefined) return;
    const run = () => {
      this.pruning = this.prune().catch((error: unknown) => this.sink('could not prune the provisioning log', error));
    };
    this.pruneTimer = setInterval(run, this.settings.pruneIntervalMs);
    this.pruneTimer.unref();
    this.firstPrune = setImmediate(run);
    this.firstPrune.unref();
  }

  /** Stops pruning and writes what is queued. Safe to call twice. */
  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    clearImmediate(this.firstPrune);
    this.pruneTimer = undefined;
    this.firstPrune = undefined;
    await this.pruning;
    await this.writer.flush();
  }

  /** Deletes what the retention settings no longer keep. */
  prune(now: Date = this.clock.now()): Promise<PruneResult> {
    return pruneLog(this.store.db, this.settings, now);
  }

  /** One page of a tenant's entries, newest first. */
  query(query: LogQuery): Promise<LogPage> {
    return queryLog(this.store.db, query);
  }

  /** Requests and errors in the last 24 hours, and the last request, per connection. */
  activity(connectionIds: readonly string[]): Promise<Map<string, ConnectionActivity>> {
    return activityOf(this.store.db, 'connection_id', connectionIds, this.clock.now());
  }

  /** The same per token: the token status table shows each token's own traffic. */
  tokenActivity(tokenIds: readonly string[]): Promise<Map<string, ConnectionActivity>> {
    return activityOf(this.store.db, 'token_id', tokenIds, this.clock.now());
  }
}
