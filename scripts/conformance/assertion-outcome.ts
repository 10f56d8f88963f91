/**
 * Which vendor suite an assertion belongs to. `okta-fetch` is Okta's suite again, its
 * bodies sent as `fetch` sends a string (declared text/plain), as generic HTTP runners do.
 */
export type SuiteName = 'microsoft' | 'okta' | 'okta-fetch';

/**
 * One assertion of a vendor suite, as run against Roster. `request` and `assertion` are
 * stable names (no random values), so that an expected failure can name them.
 *
 * @example { suite: 'okta', request: 'Required Test: Test Users endpoint', assertion: 'response_status equal_number 200', passed: true }
 */
export interface AssertionOutcome {
  readonly suite: SuiteName;
  readonly request: string;
  readonly assertion: string;
  readonly passed: boolean;
  /** Why it failed, in the suite's words plus what Roster answered. */
  readonly error?: string;
}
