/** The one method of a better-sqlite3 `Database` this needs. */
export interface SqliteFunctionHost {
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

/**
 * Replaces SQLite's ASCII-only `lower()` on this connection with JavaScript's
 * `toLowerCase()`, so that caseExact-false comparisons in SQL fold `É` and `Ö` the way
 * the in-memory filter evaluator and `user_name_lower` do. Deterministic, so the
 * `lower(display_name)` expression indexes keep working; install it on every connection
 * before any write, or those index entries would disagree with the queries.
 *
 * @example installUnicodeLower(new Database(file))
 */
export function installUnicodeLower(database: SqliteFunctionHost): void {
  database.function('lower', { deterministic: true }, (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value.toLowerCase();
    if (Buffer.isBuffer(value)) return value.toString('utf8').toLowerCase();
    // Numbers lower to their text, as the built-in does.
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    return null;
  });
}
