import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/** Where a compiled parameter comes from: the i-th argument of a call, or a constant of the query. */
type Slot = { readonly arg: number } | { readonly value: unknown };

/** A non-string argument's stand-in while the query is built: an object no caller passes, found again by identity. */
class Placeholder {
  constructor(readonly index: number) {}
}

/**
 * A string argument's stand-in: lower-case ASCII without a NUL, so that what a build may
 * do to a text value before it becomes a parameter (a filter's checks; userNameKey's NFC
 * and case folding) leaves it as it is, and it is still found among the parameters.
 */
const stringMark = (index: number): string => `roster-compiled-once-${index}-placeholder`;

/**
 * A statement whose shape never changes, built and compiled by Kysely once and then given
 * new arguments. Kysely builds an operation tree and compiles it to SQL on every call, and
 * a profile of `GET /Users/{id}` put 30 % of the server's CPU there; the lookups every
 * request makes (the token, the user, its groups) and the writes of a POST have one shape
 * each.
 *
 * `build` receives one placeholder per argument and must use each only as a plain value
 * (`where(col, '=', p)`, `values({ col: p })`), never let it choose the query's shape; it
 * is called once, on the first call. A string argument's placeholder is a string, any
 * other's an object. The placeholders are found again
 * among the compiled parameters, so the SQL text and its parameter order are Kysely's own.
 * The SQL is a dialect's: it is compiled once for each dialect it runs on (SQLite's and
 * PostgreSQL's differ), so one instance serves every store.
 *
 * @example
 * const insertCounter = compiledQuery((db, tenantId: string, n: number) =>
 *   db.insertInto('event_counters').values({ tenant_id: tenantId, last_seq: n, pruned_through: 0 }));
 * await trx.executeQuery(insertCounter(store.db, tenant, 1));
 */
export function compiledQuery<DB, Args extends readonly unknown[], Row>(
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): (db: Kysely<DB>, ...args: Args) => CompiledQuery<Row> {
  const byDialect = new Map<unknown, { query: CompiledQuery<Row>; slots: readonly Slot[] }>();
  return (db, ...args) => {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(dialect);
    if (compiled === undefined) {
      const marks = args.map((a, i) => (typeof a === 'string' ? stringMark(i) : new Placeholder(i))) as unknown as Args;
      const query = build(db, ...marks).compile();
      const slots = query.parameters.map((p): Slot => {
        if (p instanceof Placeholder) return { arg: p.index };
        const arg = typeof p === 'string' ? (marks as readonly unknown[]).indexOf(p) : -1;
        return arg >= 0 ? { arg } : { value: p };
      });
      const used = slots.flatMap((s) => ('arg' in s ? [s.arg] : []));
      if (used.length !== args.length || new Set(used).size !== args.length) {
        throw new Error('compiledQuery: every argument must appear once among the query parameters');
      }
      compiled = { query, slots };
      byDialect.set(dialect, compiled);
    }
    return { ...compiled.query, parameters: compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value)) };
  };
}

/**
 * A query compiled once ({@link compiledQuery}) and run: its rows.
 *
 * @example
 * const findUser = compiledOnce((db, tenantId: string, id: string) =>
 *   db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id));
 * const row = (await findUser(store.db, tenant, id))[0];
 */
export function compiledOnce<DB, Args extends readonly unknown[], Row>(
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): (db: Kysely<DB>, ...args: Args) => Promise<Row[]> {
  const query = compiledQuery(build);
  return async (db, ...args) => (await db.executeQuery<Row>(query(db, ...args))).rows;
}
