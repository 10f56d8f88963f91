import { Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { loadPg } from './load-drivers.ts';
import { postgresJson } from './postgres-json.ts';
import { postgresJsonEdit } from './postgres-json-edit.ts';
import { postgresWriteGroup } from './postgres-group-write.ts';
import { refreshPostgresPlannerStats } from './postgres-planner-stats.ts';
import { isStalePlan, PreparedNames, preparingClient } from './postgres-prepared.ts';
import { postgresWriteWithEvents } from './postgres-write-with-events.ts';
import { RosterPostgresDialect } from './postgres-introspector.ts';
import { QueryTiming } from './query-timing.ts';
import type { StoreDialect } from './store-dialect.ts';

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  /** Statements run often are prepared once per connection (see preparingClient). */
  readonly prepared: boolean;
}

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;

/** Opens the shared store: several Roster instances may use the same database. */
export function openPostgres(options: PostgresOptions): StoreDialect {
  const pool = new (loadPg().Pool)({
    connectionString: options.url,
    max: options.poolSize,
    ...(options.prepared ? { Client: preparingClient(new PreparedNames()) } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const timing = new QueryTiming();
  const db = new Kysely<Database>({ dialect: new RosterPostgresDialect({ pool }), log: timing.log });
  return {
    kind: 'postgres',
    db,
    json: postgresJson,
    jsonEdit: postgresJsonEdit,
    docColumnType: 'jsonb',
    rowLocking: 'rowLocks',
    lockingReads: (query) => query.forUpdate(),
    readSnapshot: (work) =>
      db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work),
    inProcess: false,
    backgroundWriter: undefined,
    untilDurable: () => Promise.resolve(),
    eventPublishing: 'publisher',
    writeWithEvents: postgresWriteWithEvents,
    writeGroup: postgresWriteGroup,
    // Commits run concurrently on the pool's connections; PostgreSQL groups their WAL flushes itself.
    groupCommit: undefined,
    tryExclusiveLock: async (trx, name) => {
      // The holder of an exclusive lock may hold it 10 s at most: a hung holder is cut, the lock freed.
      // One round trip: the settings and the lock in one statement.
      const { rows } = await sql<{ locked: boolean }>`select
          set_config('statement_timeout', '10s', true),
          set_config('idle_in_transaction_session_timeout', '10s', true),
          pg_try_advisory_xact_lock(hashtext(${name})) as locked`.execute(trx);
      return rows[0]?.locked === true;
    },
    currentSchema: async () => {
      const schema = (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]
        ?.schema;
      // Without one, Kysely's migrator would search every schema and could take another's tables for ours.
      if (!schema) throw new Error('The search_path names no schema that exists');
      return schema;
    },
    encodeDoc: (doc) => JSON.stringify(doc),
    decodeDoc: (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>,
    // 23505 unique_violation
    isUniqueViolation: (error) => codeOf(error) === '23505',
    // 40001 serialization_failure, 40P01 deadlock_detected
    // A stale prepared plan (another instance's migration) runs unprepared the next time.
    isRetryable: (error) => codeOf(error) === '40001' || codeOf(error) === '40P01' || isStalePlan(error),
    // PostgreSQL's autovacuum keeps real statistics.
    afterMigrate: async () => undefined,
    refreshPlannerStats: () => refreshPostgresPlannerStats(db),
    onQuery: (listener) => {
      timing.listener = listener;
    },
    poolState: () => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}
