// `npm run conformance`: runs the vendors' SCIM conformance suites against a real
// `roster serve` on a fresh SQLite database and, when ROSTER_CONFORMANCE_PG_URL is set,
// again on a fresh PostgreSQL schema. Prints each suite's result and, last, one line
// "N passed, N failed" for all assertions of all passes. Exits 0 only when every failure
// is listed in expected-failures.json and every listed failure still fails.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssertionOutcome } from './assertion-outcome.ts';
import { loadExpectedFailures, reconcile } from './expected-failures.ts';
import { freshPostgresSchema, freshSqlite, type FreshDatabase } from './fresh-database.ts';
import { runMicrosoftSuite } from './microsoft-suite.ts';
import { runOktaSuite } from './okta-suite.ts';
import { notRunReport, suiteReport } from './report.ts';
import { createToken, startRoster } from './roster-process.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIR = resolve(process.env.ROSTER_CONFORMANCE_DIR ?? join(REPO, '..', 'shared', 'conformance'));
const MICROSOFT = join(DIR, 'microsoft-scim-postman-collection.json');
const OKTA = join(DIR, 'okta-scim-2.0-spec-test.runscope.json');

interface PassResult {
  readonly outcomes: readonly AssertionOutcome[];
  readonly good: boolean;
}

async function runPass(db: FreshDatabase): Promise<PassResult> {
  const list = loadExpectedFailures();
  const env = { ROSTER_DATABASE_URL: db.url };
  console.log(`\n== conformance on ${db.label}`);
  const roster = await startRoster(env);
  try {
    // One connection per IdP, as an administrator would set up; the Microsoft suite runs
    // first because its counts assume a tenant with no users yet.
    const entraToken = await createToken(env, 'entra');
    const oktaToken = await createToken(env, 'okta');
    const microsoft = await runMicrosoftSuite(MICROSOFT, { origin: roster.origin, token: entraToken });
    const okta = await runOktaSuite(OKTA, { origin: roster.origin, token: oktaToken });
    const oktaFetch = await runOktaSuite(OKTA, { origin: roster.origin, token: oktaToken }, 'fetch');
    const outcomes = [...microsoft.outcomes, ...okta, ...oktaFetch];
    const all = reconcile(outcomes, list);
    const ms = reconcile(
      microsoft.outcomes,
      list.filter((f) => f.suite === 'microsoft'),
    );
    const ok = reconcile(
      okta,
      list.filter((f) => f.suite === 'okta'),
    );
    const okFetch = reconcile(
      oktaFetch,
      list.filter((f) => f.suite === 'okta-fetch'),
    );
    const newman = `newman counted ${microsoft.stats.total} assertions, ${microsoft.stats.failed} failed`;
    for (const line of [
      ...suiteReport("Microsoft 'SCIM Tests' Postman collection (newman)", microsoft.outcomes, ms, newman),
      ...suiteReport("Okta 'SCIM 2.0 SPEC Test' (Runscope runner, with the current version's checks)", okta, ok),
      ...suiteReport(
        "Okta 'SCIM 2.0 SPEC Test' again, bodies sent as fetch sends a string (text/plain)",
        oktaFetch,
        okFetch,
      ),
      ...notRunReport(all.notRun),
    ]) {
      console.log(line);
    }
    const good = all.unexpected.length === 0 && all.nowPassing.length === 0 && all.notRun.length === 0;
    return { outcomes, good };
  } catch (error) {
    console.log(`   ERROR     the pass did not complete: ${error instanceof Error ? error.stack : String(error)}`);
    console.log(`   roster serve printed:\n${roster.output()}`);
    return { outcomes: [], good: false };
  } finally {
    await roster.stop();
  }
}

async function main(): Promise<number> {
  for (const file of [MICROSOFT, OKTA]) {
    if (!existsSync(file)) {
      console.log(`conformance: ${file} not found (set ROSTER_CONFORMANCE_DIR to the folder of the vendor suites)`);
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const pgUrl = process.env.ROSTER_CONFORMANCE_PG_URL;
  const makers: Array<() => Promise<FreshDatabase>> = [async () => freshSqlite()];
  if (pgUrl) makers.push(() => freshPostgresSchema(pgUrl));
  else console.log('conformance: ROSTER_CONFORMANCE_PG_URL is not set; running the SQLite pass only');

  const results: PassResult[] = [];
  for (const make of makers) {
    let db: FreshDatabase | undefined;
    try {
      db = await make();
      results.push(await runPass(db));
    } catch (error) {
      console.log(`   ERROR     ${error instanceof Error ? error.message : String(error)}`);
      results.push({ outcomes: [], good: false });
    } finally {
      await db?.drop();
    }
  }
  const outcomes = results.flatMap((r) => r.outcomes);
  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.length - passed;
  const good = results.every((r) => r.good);
  const expected = good ? failed : undefined;
  console.log(
    `\nconformance: ${good ? 'OK' : 'NOT OK'}: ${results.length} pass(es);` +
      (expected !== undefined
        ? ` all ${expected} failures are expected (scripts/conformance/expected-failures.json)`
        : ' see FAILED, PASSES, NOT RUN or ERROR above'),
  );
  console.log(`${passed} passed, ${failed} failed`);
  return good ? 0 : 1;
}

process.exitCode = await main();
