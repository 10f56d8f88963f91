/** Which vendor suite an assertion belongs to. */
export type SuiteName = 'microsoft' | 'okta';

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
