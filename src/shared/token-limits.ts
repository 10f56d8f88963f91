/** How much of one instance one SCIM token may use (ROSTER_SCIM_* settings). */
export interface TokenLimits {
  /** Requests of one token worked on at once; the next ones wait in line. */
  readonly maxInFlight: number;
  /** Requests of one token waiting in line; one more is refused (429). */
  readonly maxQueued: number;
  /** Requests a second one token may start, on average (a token bucket); 0: no limit. */
  readonly ratePerSecond: number;
}

/**
 * The defaults: no identity provider waiting for its answers ever meets them (Entra runs a
 * handful of requests at once, Okta a few dozen at most; those beyond 8 wait, they are not
 * refused), while a token that floods holds 8 requests of the instance's work at a time.
 */
export const DEFAULT_TOKEN_LIMITS: TokenLimits = { maxInFlight: 8, maxQueued: 256, ratePerSecond: 0 };
