import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { loadSqlite } from './load-drivers.ts';
import { sqliteJson } from './sqlite-json.ts';
import { sqliteJsonEdit } from './sqlite-json-edit.ts';
import { installUnicodeLower } from './sqlite-unicode-lower.ts';
import { ImmediateSqliteDialect } from './sqlite-immediate.ts';
import { PlannedOnceSqliteDialect } from './sqlite-planned-once.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';
import { writePlannerStats } from './sqlite-planner-stats.ts';
import { QueryTiming } from './query-timing.ts';
import type { StoreDialect } from './store-dialect.ts';
import { GroupCommit } from '../group-commit.ts';
import { SqliteCheckpointer } from './sqlite-checkpointer.ts';
import { WalSync, type SyncFile } from './sqlite-wal-sync.ts';
import { SqliteWriterThread } from './sqlite-writer-thread.ts';

/**
 * Opens the embedded store. A write acknowledged to the client has reached the disk, so it
 * survives a killed process and a power cut: WAL, each commit synced before its caller
 * resumes (see WalSync; `synchronous = FULL` where it cannot be used).
 */
export function openSqlite(
  file: string,
  options: {
    readonly groupCommit?: boolean;
    readonly syncFile?: SyncFile;
    /** Background jobs run inline before the writer thread starts (tests: 0). */
    readonly writerThreadAfterJobs?: number;
  } = {},
): StoreDialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new (loadSqlite())(file);
  const wal = database.pragma('journal_mode = WAL', { simple: true }) === 'wal';
  // A commit is durable before anyone is answered: synced inside COMMIT (FULL), or, in WAL
  // mode on a file, by WalSync on the thread pool, so the event loop never waits on the disk.
  const walSync = wal && file !== ':memory:' ? new WalSync(database, `${file}-wal`, options.syncFile) : undefined;
  database.pragma(walSync ? 'synchronous = NORMAL' : 'synchronous = FULL');
  const checkpointer = walSync ? new SqliteCheckpointer(database, file) : undefined;
  database.pragma('busy_timeout = 15000');
  database.pragma('foreign_keys = ON');
  // A 64 MiB page cache keeps the hot pages of big reads (a large group joined to its users)
  // off the read system call. No memory map: every page read through one stays in the
  // process's resident set while the file is mapped, so the server's RSS grew with the file
  // (502 MiB at 100,000 users); the cache holds hot pages within a fixed bound (issue #13).
  database.pragma('cache_size = -65536');
  database.pragma('mmap_size = 0');
  database.pragma('temp_store = MEMORY');
  // Before any statement: the lower(display_name) indexes must be built with it.
  installUnicodeLower(database);
  const timing = new QueryTiming();
  // Assigned below: the writer thread runs its jobs inline on `db` until it starts.
  let writer: SqliteWriterThread | undefined = undefined;
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect(
      { database: withStatementCache(database) },
      {
        beforeWrite: () => (database.inTransaction ? undefined : writer?.idle()),
        afterWrite:
          walSync &&
          (() => {
            const durable = walSync.afterWrite();
            if (durable) checkpointer?.afterCommit();
            return durable;
          }),
      },
    ),
    log: timing.log,
  });
  writer = walSync
    ? new SqliteWriterThread(
        file,
        (statements) =>
          db.transaction().execute(async (trx) => {
            for (const statement of statements) await trx.executeQuery(statement);
          }),
        () => checkpointer?.afterCommit(),
        options.writerThreadAfterJobs,
      )
    : undefined;
  return {
    kind: 'sqlite',
    db,
    json: sqliteJson,
    jsonEdit: sqliteJsonEdit,
    docColumnType: 'text',
    // BEGIN IMMEDIATE: a write transaction holds the database's one write lock from its start.
    rowLocking: 'serialized',
    lockingReads: (query) => query,
    // A long read on the one connection would hold up every other request: a file gets a
    // read-only connection of its own for it (see readOnlySnapshot). An in-memory database
    // has no second connection: there, a plain deferred BEGIN (never the write lock, which
    // Kysely's IMMEDIATE transactions take) on the one connection.
    readSnapshot: (work) =>
      file === ':memory:'
        ? db.connection().execute(async (conn) => {
            await sql`begin`.execute(conn);
            try {
              return await work(conn);
            } finally {
              await sql`commit`.execute(conn);
            }
          })
        : readOnlySnapshot(file, work),
    inProcess: true,
    backgroundWriter: writer,
    untilDurable: () => walSync?.untilDurable() ?? Promise.resolve(),
    eventPublishing: 'inWriter',
    // No data-modifying WITH: a write and its events share a (group-committed) transaction.
    writeWithEvents: undefined,
    writeGroup: undefined,
    groupCommit: options.groupCommit === false ? undefined : new GroupCommit(db),
    tryExclusiveLock: async () => true,
    currentSchema: async () => undefined,
    encodeDoc: (doc) => JSON.stringify(doc),
    decodeDoc: (raw) => JSON.parse(String(raw)) as Record<string, unknown>,
    isUniqueViolation: (error) =>
      typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
    isRetryable: (error) =>
      typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_BUSY',
    afterMigrate: () => writePlannerStats(db),
    // Fixed when it opens: plans must not flip as a fresh database fills up.
    refreshPlannerStats: async () => [],
    onQuery: (listener) => {
      timing.listener = listener;
    },
    poolState: () => null,
    close: async () => {
      await writer?.close();
      await checkpointer?.close();
      await db.destroy();
      await walSync?.close();
    },
  };
}

/**
 * A read on its own read-only connection, in one deferred transaction: under WAL it sees
 * the database as of its first read until it ends, while the main connection keeps writing.
 */
async function readOnlySnapshot<T>(file: string, read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const database = new (loadSqlite())(file, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 15000');
  installUnicodeLower(database);
  const db = new Kysely<Database>({ dialect: new PlannedOnceSqliteDialect({ database }) });
  try {
    return await db.transaction().execute(read);
  } finally {
    await db.destroy();
  }
}
