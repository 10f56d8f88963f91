import type { CompiledQuery, Insertable, Kysely } from 'kysely';
import type { Database, EventsTable } from '../database.ts';
import type { JsonSql } from '../json-sql.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { RowLocking } from '../row-locking.ts';
import type { JsonEdit } from './json-edit.ts';
import type { GroupWrite, GroupWriteOutcome } from './postgres-group-write.ts';
import type { PoolState, QueryListener } from './query-timing.ts';

/**
 * Everything that differs between SQLite and PostgreSQL. Code outside `dialect/` is
 * dialect-agnostic and asks this object instead of testing the database's kind.
 */
export interface StoreDialect {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** Reading the JSON document in SQL (filters, sorting). */
  readonly json: JsonSql;
  /** Editing one attribute in every document at once (removing a custom attribute's values). */
  readonly jsonEdit: JsonEdit;
  /** The column type of `doc`. */
  readonly docColumnType: 'text' | 'jsonb';
  /** A document as the driver wants it for the `doc` column. */
  encodeDoc(doc: Record<string, unknown>): unknown;
  /** The `doc` column as the driver returns it, as an object. */
  decodeDoc(raw: unknown): Record<string, unknown>;
  /** How concurrent writers are kept apart: row locks, or one write transaction at a time. */
  readonly rowLocking: RowLocking;
  /**
   * The query, locking the rows it reads until the transaction ends (`FOR UPDATE`) where
   * rows can be locked; where one write transaction runs at a time, the query as it is.
   *
   * @example await store.lockingReads(trx.selectFrom('idp_connections').selectAll().where('id', '=', id)).executeTakeFirst()
   */
  lockingReads<Q extends { forUpdate(): Q }>(query: Q): Q;
  /**
   * Runs `work` in a read-only transaction: every query it makes sees the database as of
   * one moment, while other writers go on. PostgreSQL: `REPEATABLE READ READ ONLY` on a
   * pooled connection. SQLite: a deferred transaction (never the write lock) on a separate
   * read-only connection to the file, which WAL keeps at the state of its first read, so
   * that the one connection serving every other request is not held for a long read (the
   * directory snapshot, an export); an in-memory database has no second connection and
   * reads on its one.
   *
   * @example await store.readSnapshot(async (db) => { for await (const page of pages(db)) write(page) })
   */
  readSnapshot<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Whether a statement runs in this process, costing no round trip (SQLite): there a few
   * small compiled statements beat one that builds and parses JSON; across a network
   * (PostgreSQL) the one statement wins.
   */
  readonly inProcess: boolean;
  /**
   * Where writes nobody waits on (the provisioning log's batches) run without holding up
   * requests. SQLite on a file: a thread with a connection of its own
   * (src/store/dialect/sqlite-writer-thread.ts). PostgreSQL, whose writes wait on the network
   * and not on this process, and an in-memory SQLite database: undefined (write inline).
   */
  readonly backgroundWriter: BackgroundWriter | undefined;
  /**
   * Resolves once everything committed so far is on disk. SQLite makes a commit durable
   * just after it becomes visible (src/store/dialect/sqlite-wal-sync.ts): a reader whose
   * answer must never be taken back (the change feed's `seq`s) waits for this before
   * answering. PostgreSQL shows a commit only once it is durable: nothing to wait for.
   */
  untilDurable(): Promise<void>;
  /**
   * Who numbers change-feed events: the write transaction itself before it commits, where
   * one write transaction runs at a time (insert order is commit order), or a publisher
   * after commit, where writers commit concurrently (see src/store/events-store.ts).
   */
  readonly eventPublishing: 'inWriter' | 'publisher';
  /**
   * Writes a row and its change-feed events in one statement, autocommit, where the
   * database can (PostgreSQL's data-modifying WITH): `write` is an insert, update or delete
   * returning the row it changed, and the events (the few of one row's change, a dozen
   * parameters each) are inserted only if it returned one.
   * Undefined where a statement writes one table only (SQLite): there the write and its
   * events share a write transaction (see writeResource in src/store/write-transaction.ts).
   * @returns whether the write changed a row
   */
  readonly writeWithEvents:
    | ((via: Kysely<Database>, write: CompiledQuery, events: readonly Insertable<EventsTable>[]) => Promise<boolean>)
    | undefined;
  /**
   * Writes a group's document and a few members, with their change-feed events, in one
   * statement, autocommit, guarded by the version read (PostgreSQL: see postgresWriteGroup).
   * Undefined where a statement writes one table only (SQLite): there a group's write runs
   * in a (group-committed) write transaction.
   */
  readonly writeGroup: ((via: Kysely<Database>, write: GroupWrite) => Promise<GroupWriteOutcome>) | undefined;
  /**
   * Where one write transaction runs at a time (SQLite), concurrent writes share one
   * transaction and one fsync (see GroupCommit); undefined where each commits alone.
   */
  readonly groupCommit: GroupCommit | undefined;
  /**
   * Takes a lock named `name` until the transaction ends, if no other transaction holds it
   * (PostgreSQL's advisory locks, with the transaction's statements and idle time bounded to
   * 10 s so a hung holder cannot keep it); where one write transaction runs at a time, it is held already.
   */
  tryExclusiveLock(trx: Kysely<Database>, name: string): Promise<boolean>;
  /** The schema Roster's tables live in, where the database has schemas (the URL may set it). */
  currentSchema(): Promise<string | undefined>;
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** True when the error means a concurrent transaction got in the way and a retry may succeed. */
  isRetryable(error: unknown): boolean;
  /** Runs after every migration run: whatever the dialect needs to plan queries well. */
  afterMigrate(): Promise<void>;
  /**
   * Refreshes the planner statistics of tables that changed enough since they were last
   * gathered (PostgreSQL: ANALYZE, see refreshPostgresPlannerStats); SQLite's are fixed when
   * it opens (see writePlannerStats). Resolves with the tables refreshed.
   */
  refreshPlannerStats(): Promise<readonly string[]>;
  /** Calls `listener` after every query (metrics); a later call replaces it, undefined removes it. */
  onQuery(listener: QueryListener | undefined): void;
  /** The connection pool's state; null where there is no pool (SQLite: one connection). */
  poolState(): PoolState | null;
  close(): Promise<void>;
}

/** Runs statements in one transaction away from the request path; settles once they committed or failed. */
export interface BackgroundWriter {
  run(statements: readonly CompiledQuery[]): Promise<void>;
}
