/** How much of one instance one SCIM token may use (ROSTER_SCIM_* settings). */
export interface TokenLimits {
  /** Requests of one token worked on at once; the next ones wait in line. */
  readonly maxInFlight: number;
  /**
   * The same while another token shares the instance (it started a request within the last
   * {@link SHARING_WINDOW_MS}); at most `maxInFlight`.
   */
  readonly sharedInFlight: number;
  /** Requests of one token waiting in line; one more is refused (429). */
  readonly maxQueued: number;
  /** Requests a second one token may start, on average (a token bucket); 0: no limit. */
  readonly ratePerSecond: number;
}

/** How recently another token must have started a request for a token to share the instance. */
export const SHARING_WINDOW_MS = 1000;

/**
 * The defaults: no identity provider waiting for its answers ever meets them (Entra runs a
 * handful of requests at once, Okta a few dozen at most; those beyond the limit wait, they are
 * not refused), while a token that floods holds 8 requests of the instance's work at a time,
 * and 2 while another token is at work too: that brought another tenant's p99 under a flood
 * from 6.4 to 3.2 times its quiet p99 on SQLite and from 9.4 to 3.6 on PostgreSQL, the flood
 * keeping 0.64x and 0.85x of its throughput (1 would reach 2.5x at 0.53x and 0.61x;
 * BENCHMARKS.md, "Fairness").
 */
export const DEFAULT_TOKEN_LIMITS: TokenLimits = {
  maxInFlight: 8,
  sharedInFlight: 2,
  maxQueued: 256,
  ratePerSecond: 0,
};
