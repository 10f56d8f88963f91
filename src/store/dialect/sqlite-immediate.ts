import {
  CompiledQuery,
  SqliteAdapter,
  type DialectAdapter,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { PlannedOnceSqliteDialect } from './sqlite-planned-once.ts';

/**
 * Run after a statement that may have written; what it returns is awaited once the
 * connection is released, before the caller that held it resumes.
 */
export type AfterWrite = () => Promise<void> | undefined;

/**
 * Run before a statement that may write (BEGIN IMMEDIATE among them); what it returns is
 * awaited first: the writer thread's job under way (src/store/dialect/sqlite-writer-thread.ts),
 * which the statement would otherwise wait for inside SQLite, the event loop stopped.
 */
export type BeforeWrite = () => Promise<void> | undefined;

/** What the dialect runs around the statements that may write. */
export interface WriteHooks {
  readonly beforeWrite?: BeforeWrite | undefined;
  readonly afterWrite?: AfterWrite | undefined;
}

/** SQL that may write: anything but a plain SELECT (an extra wait for a read is harmless). */
const mayWrite = (sql: string): boolean =>
  !/^\s*select\b/i.test(sql) || /\b(insert|update|delete|replace)\b/i.test(sql);

/**
 * Kysely's SQLite driver, but every transaction starts with `BEGIN IMMEDIATE`: it takes the
 * write lock up front, waiting under `busy_timeout`. A plain (deferred) `BEGIN` that reads
 * and then writes fails at once with SQLITE_BUSY when another process wrote in between,
 * which two Roster processes on one file would otherwise hit under load.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private readonly connections = new WeakMap<DatabaseConnection, DatabaseConnection>();
  /** What the connection's current holder must wait for after releasing it. */
  private pending: Promise<unknown> | undefined;

  constructor(
    config: SqliteDialectConfig,
    private readonly hooks: WriteHooks,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * The connection, with `beforeWrite` awaited before and `afterWrite` run after every
   * statement that may write; its holder waits for what `afterWrite` returns after
   * {@link releaseConnection}, so the next holder (any other request's query) does not wait
   * with it.
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const { beforeWrite, afterWrite } = this.hooks;
    if (!beforeWrite && !afterWrite) return connection;
    const known = this.connections.get(connection);
    if (known) return known;
    const wrapped: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery) => {
        const writes = mayWrite(query.sql);
        const before = writes ? beforeWrite?.() : undefined;
        if (before) await before;
        const result = await connection.executeQuery<R>(query);
        const wait = writes ? afterWrite?.() : undefined;
        if (wait) this.pending = this.pending ? Promise.all([this.pending, wait]) : wait;
        return result;
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    this.connections.set(connection, wrapped);
    return wrapped;
  }

  override async releaseConnection(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    await super.releaseConnection();
    await pending;
  }
}

/**
 * SQLite's DDL is transactional, though Kysely's adapter says otherwise. Saying so makes the
 * migrator run each migration run in one (immediate) transaction: two processes starting
 * on one file then migrate one after the other, the second finding the work done.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * The SQLite dialect with immediate transactions, transactional migrations and statements
 * planned once (PlannedOnceSqliteDialect); `beforeWrite` is awaited before each statement
 * that may write (the writer thread's job), `afterWrite` runs after it, before its caller
 * resumes (WalSync's durable commits, src/store/dialect/sqlite-wal-sync.ts).
 */
export class ImmediateSqliteDialect extends PlannedOnceSqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #hooks: WriteHooks;

  constructor(config: SqliteDialectConfig, hooks: WriteHooks = {}) {
    super(config);
    this.#config = config;
    this.#hooks = hooks;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#hooks);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
