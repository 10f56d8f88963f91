import type { LogEvent } from 'kysely';

/** Called after every query with how long it took and whether it failed. */
export type QueryListener = (seconds: number, failed: boolean) => void;

/** A connection pool's state, for metrics. */
export interface PoolState {
  /** Connections running a query or transaction. */
  readonly inUse: number;
  readonly idle: number;
  /** Requests queued for a connection: the pool is too small, or the database slow. */
  readonly waiting: number;
}

/**
 * The hook between Kysely's query log and whoever wants query durations (metrics):
 * Kysely takes its `log` function once, when the store opens; the listener comes later.
 *
 * @example new Kysely({ dialect, log: timing.log }); timing.listener = (s) => histogram.observe(s);
 */
export class QueryTiming {
  listener: QueryListener | undefined;

  readonly log = (event: LogEvent): void => {
    this.listener?.(event.queryDurationMillis / 1000, event.level === 'error');
  };
}
