import { openPostgres } from './dialect/postgres.ts';
import { openSqlite } from './dialect/sqlite.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { SyncFile } from './dialect/sqlite-wal-sync.ts';

export interface StoreOptions {
  /** `postgres://…` or `postgresql://…` for PostgreSQL; a file path (or `sqlite:path`) for SQLite. */
  readonly url: string;
  readonly poolSize?: number;
  /** PostgreSQL: statements run often are prepared once per connection (default true). */
  readonly preparedStatements?: boolean;
  /** SQLite: concurrent writes share a transaction and an fsync (default true; off only to measure it). */
  readonly groupCommit?: boolean;
  /** SQLite: how the write-ahead log is made durable (an fdatasync; tests hold it to see who waits). */
  readonly sqliteSync?: SyncFile;
  /** SQLite: background writes run inline before the writer thread starts after this many (tests: 0). */
  readonly sqliteWriterThreadAfterJobs?: number;
}

/** Opens the store the URL names. */
export function openStore(options: StoreOptions): StoreDialect {
  const { url } = options;
  const file = sqliteFileOf(url);
  return file === undefined
    ? openPostgres({ url, poolSize: options.poolSize ?? 10, prepared: options.preparedStatements ?? true })
    : openSqlite(file, {
        groupCommit: options.groupCommit ?? true,
        ...(options.sqliteSync ? { syncFile: options.sqliteSync } : {}),
        ...(options.sqliteWriterThreadAfterJobs !== undefined
          ? { writerThreadAfterJobs: options.sqliteWriterThreadAfterJobs }
          : {}),
      });
}

/**
 * The SQLite file a database URL names, or undefined for a PostgreSQL URL.
 *
 * @example sqliteFileOf('sqlite:./data/roster.db') // './data/roster.db'
 */
export function sqliteFileOf(url: string): string | undefined {
  return /^postgres(ql)?:\/\//i.test(url) ? undefined : url.replace(/^sqlite:(\/\/)?/i, '');
}
