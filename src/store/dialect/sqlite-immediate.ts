import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Run after a statement that may have written; what it returns is awaited once the
 * connection is released, before the caller that held it resumes.
 */
export type AfterWrite = () => Promise<void> | undefined;

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
    private readonly afterWrite: AfterWrite | undefined,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * The connection, with `afterWrite` run after every statement that may write; its
   * holder waits for what that returns after {@link releaseConnection}, so the next
   * holder (any other request's query) does not wait with it.
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const afterWrite = this.afterWrite;
    if (!afterWrite) return connection;
    const known = this.connections.get(connection);
    if (known) return known;
    const wrapped: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery) => {
        const result = await connection.executeQuery<R>(query);
        const wait = mayWrite(query.sql) ? afterWrite() : undefined;
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
 * The SQLite dialect with immediate transactions and transactional migrations; `afterWrite`
 * runs after each statement that may write, before its caller resumes (WalSync's durable
 * commits, src/store/dialect/sqlite-wal-sync.ts).
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #afterWrite: AfterWrite | undefined;

  constructor(config: SqliteDialectConfig, afterWrite?: AfterWrite) {
    super(config);
    this.#config = config;
    this.#afterWrite = afterWrite;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#afterWrite);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
