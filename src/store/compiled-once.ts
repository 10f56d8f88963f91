import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/** Where a compiled parameter comes from: the i-th argument of a call, or a constant of the query. */
type Slot = { readonly arg: number } | { readonly value: unknown };

/**
 * A query whose shape never changes, built and compiled by Kysely once and then run with
 * new arguments. Kysely builds an operation tree and compiles it to SQL on every call, and
 * a profile of `GET /Users/{id}` put 30 % of the server's CPU there; the lookups every
 * request makes (the token, the user, its groups) have one shape each.
 *
 * `build` receives one placeholder per argument and must use each only as a plain value
 * (`where(col, '=', p)`), never to choose the query's shape; it is called once, on the first
 * run. The placeholders are found again among the compiled parameters, so the SQL text and
 * its parameter order are Kysely's own. The SQL is a dialect's: make one per store (a field
 * of the class that holds the store), and run it on that store or its transactions only.
 *
 * @example
 * const findUser = compiledOnce((db, tenantId: string, id: string) =>
 *   db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id));
 * const row = (await findUser(store.db, tenant, id))[0];
 */
export function compiledOnce<DB, Args extends readonly string[], Row>(
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): (db: Kysely<DB>, ...args: Args) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; slots: readonly Slot[]; dialect: unknown } | undefined;
  return async (db, ...args) => {
    const dialect = db.getExecutor().adapter.constructor;
    if (compiled !== undefined && compiled.dialect !== dialect) {
      throw new Error('compiledOnce: a query compiled for one dialect was run on another');
    }
    if (compiled === undefined) {
      // Strings no caller can pass: a NUL cannot reach a query (ids and hashes never hold one).
      const marks = args.map((_, i) => `\u0000compiled-once-${i}\u0000`) as unknown as Args;
      const query = build(db, ...marks).compile();
      const slots = query.parameters.map((p): Slot => {
        const arg = typeof p === 'string' ? (marks as readonly string[]).indexOf(p) : -1;
        return arg >= 0 ? { arg } : { value: p };
      });
      if (slots.filter((s) => 'arg' in s).length !== args.length) {
        throw new Error('compiledOnce: every argument must appear once among the query parameters');
      }
      compiled = { query, slots, dialect };
    }
    const parameters = compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery<Row>({ ...compiled.query, parameters });
    return result.rows;
  };
}
