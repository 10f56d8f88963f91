import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Insertable } from 'kysely';
import type { ProvisioningLogTable } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { compiledInsert } from '../store/compiled-insert.ts';
import { addActivity } from './activity-counts.ts';
import { logText, type LogEntry } from './log-entry.ts';

export interface LogWriterOptions {
  /** The longest an entry waits in memory before it is written. */
  readonly flushIntervalMs: number;
  /** Entries per INSERT; a full batch is written at once. */
  readonly maxBatch: number;
  /** Called when a batch could not be written (it is dropped). */
  readonly onError: (error: unknown, dropped: number) => void;
  /** Called after each batch write, written or failed, with how long it took (metrics). */
  readonly onBatch?: (entries: number, ms: number, ok: boolean) => void;
}

/** What the writer is doing, for readiness and metrics. */
export interface LogWriterState {
  /** Entries waiting in memory. */
  readonly queued: number;
  /** How long the oldest waiting entry has waited, or the running write has run, in ms (0 when idle). */
  readonly waitedMs: number;
  /** Entries were refused since the last write because the buffer was full. */
  readonly full: boolean;
}

/**
 * Entries per INSERT where the database runs in this process (SQLite): there a write holds
 * the event loop, every other request waiting, for 12 to 34 µs an entry (500 entries took 6
 * to 17 ms at 20,000 rows), so a batch is written in pieces this size, a turn of the event
 * loop apart.
 */
export const IN_PROCESS_PIECE = 100;

/**
 * Buffers log entries in memory and writes them in batches, one multi-row INSERT each (on
 * SQLite in pieces of {@link IN_PROCESS_PIECE}),
 * so a SCIM request never waits for its own log row. Entries still buffered when the
 * process is killed are lost; `flush` on close writes the rest.
 */
export class LogWriter {
  private buffer: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Entries refused since the last report because the buffer was full. */
  private overflow = 0;
  /** When the buffer last went from empty to not empty (ms since the epoch). */
  private queuedSince: number | undefined;
  /** When the running batch write started. */
  private writingSince: number | undefined;
  private readonly insertRows = compiledInsert('provisioning_log', COLUMNS);

  constructor(
    private readonly store: StoreDialect,
    private readonly options: LogWriterOptions,
  ) {}

  /** Queues an entry; returns at once. */
  record(entry: LogEntry): void {
    // A database that stays slow or unreachable must not grow the buffer without end;
    // what is refused is reported once per flush, not once per entry.
    if (this.buffer.length >= this.options.maxBatch * 100) {
      this.overflow++;
      return;
    }
    this.buffer.push(entry);
    this.queuedSince ??= Date.now();
    if (this.buffer.length >= this.options.maxBatch) {
      void this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Writes every buffered entry; resolves when they are stored (or dropped after an error).
   *
   * @example await writer.flush() // before reading the log in a test, or on close
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One flush at a time, in order: each waits for the one before. Failures go to
    // onError inside, so the chain never rejects (a rejection would also be unhandled
    // where record() starts a flush).
    this.flushing = this.flushing.then(() => this.writeBuffered()).catch(() => undefined);
    return this.flushing;
  }

  /**
   * Entries waiting and how long: a write that hangs (a locked table, a dead connection the
   * pool has not noticed) shows as a wait that keeps growing.
   */
  state(now = Date.now()): LogWriterState {
    const since = Math.min(this.writingSince ?? now, this.queuedSince ?? now);
    return { queued: this.buffer.length, waitedMs: now - since, full: this.overflow > 0 };
  }

  private async writeBuffered(): Promise<void> {
    if (this.overflow > 0) {
      const dropped = this.overflow;
      this.overflow = 0;
      this.options.onError(new Error('the buffer was full'), dropped);
    }
    // Only what was buffered when this flush began: entries recorded while its writes wait
    // for the disk go with the next flush (the timer or a full batch), in full batches (or
    // pieces), instead of a stream of small batches each with its own commit.
    const most = this.store.inProcess ? Math.min(IN_PROCESS_PIECE, this.options.maxBatch) : this.options.maxBatch;
    for (let left = this.buffer.length, first = true; left > 0; first = false) {
      // Requests that arrived during a piece go before the next (SQLite: it held the event loop).
      if (!first && this.store.inProcess) await nextTurn();
      const batch = this.buffer.slice(0, Math.min(most, left));
      left -= batch.length;
      this.buffer = this.buffer.slice(batch.length);
      this.writingSince = Date.now();
      if (this.buffer.length === 0) this.queuedSince = undefined;
      let ok = false;
      try {
        await this.write(batch);
        ok = true;
      } catch (error) {
        if (batch.length === 1) {
          this.options.onError(error, 1);
          continue;
        }
        // One entry the database refuses must not take other requests' (other tenants')
        // entries with it: written one by one, only the bad one is dropped and reported.
        // Reported once per batch, so a database that is down does not flood the server log.
        let dropped = 0;
        let cause: unknown = error;
        for (const entry of batch) {
          try {
            await this.write([entry]);
          } catch (single) {
            dropped++;
            cause = single;
          }
        }
        if (dropped > 0) this.options.onError(cause, dropped);
      } finally {
        this.options.onBatch?.(batch.length, Date.now() - (this.writingSince ?? Date.now()), ok);
        this.writingSince = undefined;
      }
    }
  }

  /**
   * The entries and their hourly counts commit together, so the two never disagree; on the
   * store's background writer where it has one (SQLite: a thread of its own).
   */
  private async write(batch: readonly LogEntry[]): Promise<void> {
    const { db, backgroundWriter } = this.store;
    const statements = this.insertRows(db, batch.map(toRow));
    const activity = addActivity(db, batch);
    if (activity) statements.push(activity);
    if (backgroundWriter) return backgroundWriter.run(statements);
    await db.transaction().execute(async (trx) => {
      for (const statement of statements) await trx.executeQuery(statement);
    });
  }
}

const COLUMNS = [
  'tenant_id',
  'connection_id',
  'token_id',
  'idp_kind',
  'at',
  'method',
  'path',
  'status',
  'scim_type',
  'duration_ms',
  'resource_type',
  'resource_id',
  'user_name',
  'display_name',
  'detail',
  'request_id',
  'ignored',
] as const satisfies readonly (keyof Insertable<ProvisioningLogTable>)[];

/** A log row: exactly the columns the compiled insert writes. */
type LogRow = { readonly [K in (typeof COLUMNS)[number]]-?: Insertable<ProvisioningLogTable>[K] };

function toRow(e: LogEntry): LogRow {
  return {
    tenant_id: e.tenantId,
    connection_id: e.connectionId,
    token_id: e.tokenId,
    idp_kind: e.idpKind,
    at: e.at,
    method: e.method,
    path: logText(e.path),
    status: e.status,
    scim_type: logText(e.scimType),
    duration_ms: Math.round(e.durationMs * 1000) / 1000,
    resource_type: e.resourceType,
    // Indexed: bounded far below PostgreSQL's btree entry limit (ids are 36 characters).
    resource_id: e.resourceId === null ? null : logText(e.resourceId).slice(0, 200),
    user_name: logText(e.userName),
    display_name: logText(e.displayName),
    detail: logText(e.detail),
    // Bounded by count and length, so the JSON stays whole.
    request_id: e.requestId ?? null,
    ignored: e.ignored.length > 0 ? JSON.stringify(e.ignored.slice(0, 50).map((n) => logText(n).slice(0, 200))) : null,
  };
}
