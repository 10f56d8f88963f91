import { readFileSync } from 'node:fs';
import type { AssertionOutcome, SuiteName } from './assertion-outcome.ts';

/**
 * An assertion of a vendor suite that Roster fails on purpose, because the assertion
 * contradicts RFC 7643/7644 or what the IdP's current client does. The same list is in
 * docs/compatibility.md, in words.
 */
export interface ExpectedFailure {
  readonly suite: SuiteName;
  readonly request: string;
  readonly assertion: string;
  readonly reason: string;
  /** Where the reason can be checked: an RFC section, a vendor's document. */
  readonly source: string;
}

/** How a pass's outcomes stand against the list. */
export interface Reconciliation {
  readonly expected: ReadonlyArray<{ readonly outcome: AssertionOutcome; readonly why: ExpectedFailure }>;
  readonly unexpected: readonly AssertionOutcome[];
  /** Listed as failing, but it passed: the list is out of date. */
  readonly nowPassing: readonly ExpectedFailure[];
  /** Listed, but no such assertion ran: the list names something that does not exist. */
  readonly notRun: readonly ExpectedFailure[];
}

const FILE = new URL('./expected-failures.json', import.meta.url);

/**
 * Reads `expected-failures.json`, checking that every entry has all its fields.
 *
 * @example const list = loadExpectedFailures()
 */
export function loadExpectedFailures(path: string | URL = FILE): ExpectedFailure[] {
  const { failures } = JSON.parse(readFileSync(path, 'utf8')) as { failures: ExpectedFailure[] };
  for (const f of failures) {
    for (const field of ['suite', 'request', 'assertion', 'reason', 'source'] as const) {
      if (typeof f[field] !== 'string' || f[field] === '') {
        throw new Error(`expected-failures.json: an entry has no "${field}": ${JSON.stringify(f)}`);
      }
    }
  }
  return failures;
}

const sameAssertion = (f: ExpectedFailure, o: AssertionOutcome) =>
  f.suite === o.suite && f.request === o.request && f.assertion === o.assertion;

/**
 * Sorts a pass's outcomes against the list of expected failures. The run is good only
 * when `unexpected`, `nowPassing` and `notRun` are all empty.
 *
 * @example const r = reconcile(outcomes, loadExpectedFailures()); const ok = r.unexpected.length === 0
 */
export function reconcile(outcomes: readonly AssertionOutcome[], list: readonly ExpectedFailure[]): Reconciliation {
  const expected: Array<{ outcome: AssertionOutcome; why: ExpectedFailure }> = [];
  const unexpected: AssertionOutcome[] = [];
  for (const outcome of outcomes) {
    if (outcome.passed) continue;
    const why = list.find((f) => sameAssertion(f, outcome));
    if (why) expected.push({ outcome, why });
    else unexpected.push(outcome);
  }
  const ran = (f: ExpectedFailure) => outcomes.some((o) => sameAssertion(f, o));
  return {
    expected,
    unexpected,
    nowPassing: list.filter((f) => ran(f) && outcomes.filter((o) => sameAssertion(f, o)).every((o) => o.passed)),
    notRun: list.filter((f) => !ran(f)),
  };
}
