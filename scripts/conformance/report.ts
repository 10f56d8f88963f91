import type { AssertionOutcome } from './assertion-outcome.ts';
import type { ExpectedFailure, Reconciliation } from './expected-failures.ts';

const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);

const nameOf = (o: { request: string; assertion: string }) => `${o.request} › ${o.assertion}`;

/**
 * The lines that report one suite of one pass: its counts, then each failure with what
 * Roster answered, marked expected (with the listed reason) or FAILED.
 *
 * @example console.log(suiteReport('Okta SCIM 2.0 SPEC Test', outcomes, reconcile(outcomes, list)).join('\n'))
 */
export function suiteReport(
  title: string,
  outcomes: readonly AssertionOutcome[],
  r: Reconciliation,
  note?: string,
): string[] {
  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.length - passed;
  const lines = [
    `-- ${title}: ${outcomes.length} assertions, ${passed} passed, ${failed} failed` +
      ` (${r.expected.length} expected, ${r.unexpected.length} unexpected)${note ? `; ${note}` : ''}`,
  ];
  for (const { outcome, why } of r.expected) {
    lines.push(
      `   expected  ${nameOf(outcome)}`,
      `             got: ${indent(outcome.error ?? '', '             ')}`,
      `             why: ${why.reason}`,
    );
  }
  for (const outcome of r.unexpected) {
    lines.push(`   FAILED    ${nameOf(outcome)}`, `             got: ${indent(outcome.error ?? '', '             ')}`);
  }
  for (const f of r.nowPassing) {
    lines.push(
      `   PASSES    ${nameOf(f)}: listed as an expected failure but passed; remove it from expected-failures.json and docs/compatibility.md`,
    );
  }
  return lines;
}

/**
 * Entries of the list that no suite of the pass ran (a renamed request, a typo).
 *
 * @example notRunReport(reconcile(outcomes, list).notRun).forEach((line) => console.log(line))
 */
export function notRunReport(notRun: readonly ExpectedFailure[]): string[] {
  return notRun.map(
    (f) => `   NOT RUN   ${f.suite}: ${nameOf(f)} is listed in expected-failures.json but no such assertion ran`,
  );
}
