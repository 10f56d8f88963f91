import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { sqliteJson } from './sqlite-json.ts';
import { sqliteJsonEdit } from './sqlite-json-edit.ts';
import { installUnicodeLower } from './sqlite-unicode-lower.ts';
import { ImmediateSqliteDialect } from './sqlite-immediate.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';
import { writePlannerStats } from './sqlite-planner-stats.ts';
import { QueryTiming } from './query-timing.ts';
import type { StoreDialect } from './store-dialect.ts';
import { GroupCommit } from '../group-commit.ts';

/**
 * Opens the embedded store. WAL with `synchronous = FULL`: a write acknowledged to the
 * client has reached the disk, so it survives a killed process and a power cut.
 */
export function openSqlite(file: string, options: { readonly groupCommit?: boolean } = {}): StoreDialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new Sqlite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 15000');
  database.pragma('foreign_keys = ON');
  // The 2 MiB default cache turns reads of big tables (a million-member group joined to
  // its users) into a system call per page; memory-map the file and keep a larger cache.
  database.pragma('cache_size = -65536');
  database.pragma('mmap_size = 1073741824');
  database.pragma('temp_store = MEMORY');
  // Before any statement: the lower(display_name) indexes must be built with it.
  installUnicodeLower(database);
  const timing = new QueryTiming();
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
    log: timing.log,
  });
  return {
    kind: 'sqlite',
    db,
    json: sqliteJson,
    jsonEdit: sqliteJsonEdit,
    docColumnType: 'text',
    // BEGIN IMMEDIATE: a write transaction holds the database's one write lock from its start.
    rowLocking: 'serialized',
    lockingReads: (query) => query,
    eventPublishing: 'inWriter',
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
    onQuery: (listener) => {
      timing.listener = listener;
    },
    poolState: () => null,
    close: () => db.destroy(),
  };
}
