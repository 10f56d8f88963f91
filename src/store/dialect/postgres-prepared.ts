import type pg from 'pg';
import { loadPg } from './load-drivers.ts';

/** The most statements prepared at once per process: each one costs every pooled connection its plan's memory. */
export const MAX_PREPARED = 256;
/** Texts seen once, remembered to name them on their second run; forgotten all at once past this. */
const MAX_SEEN = 10_000;

/** PostgreSQL's error when a prepared statement's result would change type (a column added or dropped since). */
export const isStalePlan = (error: unknown): boolean =>
  (error as { code?: unknown }).code === '0A000' &&
  /cached plan must not change result type/.test(String((error as { message?: unknown }).message));

/**
 * The names of the statements worth preparing: a text gets a name on its second run. At most
 * {@link MAX_PREPARED} have one at a time; a new one takes the place of the one used least
 * recently, whose statement each connection that prepared it deallocates (see
 * preparingClient). Names are never given twice, so a connection never mistakes an old
 * statement for a new one. One registry serves every connection of a pool, so a text has one
 * name everywhere.
 */
export class PreparedNames {
  /** Text to name, least recently used first (a use moves it to the end). */
  private readonly names = new Map<string, string>();
  /** The names in `names`, to tell a connection which of its statements are still wanted. */
  private readonly live = new Set<string>();
  private given = 0;
  private seen = new Set<string>();
  /** Texts whose prepared plan went stale: run unnamed from then on. */
  private readonly stale = new Set<string>();
  /** Counts the names taken back (evicted or stale): a connection that saw fewer looks again. */
  dropped = 0;

  /** The name to run `text` under, or undefined to run it unnamed. */
  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined) {
      this.names.delete(text);
      this.names.set(text, name);
      return name;
    }
    if (this.stale.has(text)) return undefined;
    if (!this.seen.has(text)) {
      if (this.seen.size >= MAX_SEEN) this.seen = new Set();
      this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    if (this.names.size >= MAX_PREPARED) {
      const [oldest, oldName] = this.names.entries().next().value!;
      this.names.delete(oldest);
      this.live.delete(oldName);
      this.dropped++;
    }
    const named = `roster_${this.given++}`;
    this.names.set(text, named);
    this.live.add(named);
    return named;
  }

  /** Whether `name` still stands for a text; a connection deallocates the statements that do not. */
  isLive(name: string): boolean {
    return this.live.has(name);
  }

  /** `text`'s plan no longer fits the table it reads: never prepare it again. */
  forget(text: string): void {
    const name = this.names.get(text);
    this.names.delete(text);
    if (name !== undefined) {
      this.live.delete(name);
      this.dropped++;
    }
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
  return class PreparingClient extends loadPg().Client {
    /** `names.dropped` when this connection last deallocated what the registry took back. */
    private droppedSeen = 0;

    // pg's query() is overloaded many ways; only (text, values) is changed.
    override query(...args: QueryArgs): never {
      const [config, values, callback] = args;
      if (typeof config !== 'string' || !Array.isArray(values) || callback !== undefined) {
        return (super.query as (...a: QueryArgs) => never)(...args);
      }
      if (this.droppedSeen !== names.dropped) this.deallocateDropped();
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

    /**
     * Deallocates this connection's statements whose names the registry took back, queued
     * ahead of the query that noticed (pg runs a client's queries in order). Only statements
     * the server confirmed are dropped (pg's own record of them, which is also told), so
     * DEALLOCATE never names one that does not exist, which would abort a transaction. One
     * refused (queued inside a transaction that had already failed) is tried again later.
     */
    private deallocateDropped(): void {
      this.droppedSeen = names.dropped;
      const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
        .parsedStatements;
      for (const [name, text] of Object.entries(parsed)) {
        if (!name.startsWith('roster_') || names.isLive(name)) continue;
        delete parsed[name];
        (super.query as (...a: QueryArgs) => Promise<unknown>)(`deallocate ${name}`).catch(() => {
          // In a transaction already failed (a stale plan's, rolled back next): again later.
          parsed[name] = text;
          this.droppedSeen = -1;
        });
      }
    }
  };
}
