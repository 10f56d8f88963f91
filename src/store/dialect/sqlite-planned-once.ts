import { SqliteDialect, SqliteQueryCompiler, type LimitNode, type QueryCompiler } from 'kysely';

/**
 * Kysely's SQLite compiler, but a LIMIT is written `limit (? + 0)`. SQLite (3.53, built into
 * better-sqlite3) reads the value bound to a bare `limit ?` while it plans the statement,
 * and so marks the statement to be planned again whenever a value is bound there: every run
 * of a list's cached statement was prepared anew, which cost a one-row `userName eq` lookup
 * 9 to 10 µs of its 15 to 17 (BENCHMARKS.md, "A LIMIT that made SQLite prepare every list
 * again"). An expression is not read while planning; it limits the same rows.
 */
class LimitByExpressionCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    this.append('limit (');
    this.visitNode(node.limit);
    this.append(' + 0)');
  }
}

/** Kysely's SQLite dialect whose statements SQLite plans once, when they are prepared. */
export class PlannedOnceSqliteDialect extends SqliteDialect {
  override createQueryCompiler(): QueryCompiler {
    return new LimitByExpressionCompiler();
  }
}
