import pg from 'pg';

/** The most statements prepared per process: each one costs every pooled connection its plan's memory. */
export const MAX_PREPARED = 256;
/** Texts seen once, remembered to name them on their second run; forgotten all at once past this. */
const MAX_SEEN = 10_000;

/** PostgreSQL's error when a prepared statement's result would change type (a column added or dropped since). */
export const isStalePlan = (error: unknown): boolean =>
  (error as { code?: unknown }).code === '0A000' &&
  /cached plan must not change result type/.test(String((error as { message?: unknown }).message));

/**
 * The names of the statements worth preparing: a text gets a name on its second run, until
 * {@link MAX_PREPARED} texts have one. One registry serves every connection of a pool, so a
 * text has one name everywhere.
 */
export class PreparedNames {
  private readonly names = new Map<string, string>();
  /** Names given so far, forgotten ones too: their statements stay prepared on the connections. */
  private given = 0;
  private seen = new Set<string>();
  /** Texts whose prepared plan went stale: run unnamed from then on. */
  private readonly stale = new Set<string>();

  /** The name to run `text` under, or undefined to run it unnamed. */
  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.given >= MAX_PREPARED || this.stale.has(text)) return name;
    if (!this.seen.has(text)) {
      if (this.seen.size >= MAX_SEEN) this.seen = new Set();
      this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    const named = `roster_${this.given++}`;
    this.names.set(text, named);
    return named;
  }

  /** `text`'s plan no longer fits the table it reads: never prepare it again (the old plan stays unused). */
  forget(text: string): void {
    this.names.delete(text);
    this.stale.add(text);
  }
}

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];

/**
 * A pg client class whose `query(text, values)` (what Kysely sends) runs statements that
 * come back often as named prepared statements: PostgreSQL parses and plans them once per
 * connection instead of on every run. For the short statements of the request path that is
 * most of their cost: `GET /Users/{id}` ran at 2.2x the requests a second (BENCHMARKS.md).
 * Cursors and queries given as objects pass unchanged.
 *
 * A statement prepared before another instance's migration changed its table fails with
 * "cached plan must not change result type"; it is then run again unnamed, once, and never
 * prepared again in this process (inside a transaction the retry fails too, and the first
 * error is what the caller sees: the transaction is retried like any other failed one).
 *
 * @example new pg.Pool({ connectionString, Client: preparingClient(new PreparedNames()) })
 */
export function preparingClient(names: PreparedNames): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    // pg's query() is overloaded many ways; only (text, values) is changed.
    override query(...args: QueryArgs): never {
      const [config, values, callback] = args;
      if (typeof config !== 'string' || !Array.isArray(values) || callback !== undefined) {
        return (super.query as (...a: QueryArgs) => never)(...args);
      }
      const name = names.nameOf(config);
      if (name === undefined) return (super.query as (...a: QueryArgs) => never)(config, values);
      const run = (super.query as (...a: QueryArgs) => Promise<unknown>).bind(this);
      return run({ name, text: config, values }).catch((error: unknown) => {
        if (!isStalePlan(error)) throw error;
        names.forget(config);
        return run(config, values).catch(() => {
          throw error;
        });
      }) as never;
    }
  };
}
