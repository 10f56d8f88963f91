import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AssertionOutcome } from './assertion-outcome.ts';
import type { SuiteTarget } from './microsoft-suite.ts';
import { runRunscopeTest, type RunscopeCheck } from './runscope-runner.ts';
import type { RunscopeTest } from './runscope-test.ts';

const EXTRA = new URL('./okta-current-extra.json', import.meta.url);

const readTest = (path: string | URL): RunscopeTest => JSON.parse(readFileSync(path, 'utf8')) as RunscopeTest;

const word = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

/**
 * The test's initial variables, as Okta's instructions have an integrator set them: the
 * base URL, the Authorization header, and the random user the test creates (Okta's
 * initial script makes the name an e-mail address and upper-cases it for the case check).
 */
function initialVariables(target: SuiteTarget): Map<string, string> {
  const username = `${word('Runscope')}@atko.com`;
  return new Map([
    ['SCIMBaseURL', `${target.origin}/scim/v2`],
    ['auth', `Bearer ${target.token}`],
    ['InvalidUserEmail', `${word('nobody')}@example.com`],
    ['UserIdThatDoesNotExist', randomUUID()],
    ['randomUsername', username],
    ['randomEmail', username],
    ['randomUsernameCaps', username.toUpperCase()],
    ['randomGivenName', word('Given')],
    ['randomFamilyName', word('Family')],
  ]);
}

async function post(target: SuiteTarget, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${target.origin}/scim/v2${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { id?: string };
  if (response.status !== 201 || typeof json.id !== 'string') {
    throw new Error(`seeding ${path} failed: HTTP ${response.status} ${JSON.stringify(json)}`);
  }
  return { id: json.id };
}

/**
 * What the 2016 export takes for granted in the integrator's app: a user already there
 * (`GET /Users?count=1&startIndex=1` reads its name, e-mail and active flag) and a group
 * (its Groups step asserts totalResults >= 1). Roster starts empty, so the runner
 * provisions one of each, as an IdP would, before the test.
 */
async function seed(target: SuiteTarget): Promise<void> {
  const user = await post(target, '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `${word('seeded.user.')}@example.com`,
    name: { givenName: 'Seeded', familyName: 'User' },
    emails: [{ value: 'seeded.user@example.com', type: 'work', primary: true }],
    displayName: 'Seeded User',
    active: true,
  });
  await post(target, '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Seeded group',
    members: [{ value: user.id }],
  });
}

/**
 * Runs Okta's "SCIM 2.0 SPEC Test" (a Runscope export) against Roster with the runner
 * written here, then the checks that Okta's current version adds
 * (`okta-current-extra.json`), continuing with the same variables. Pause steps are not
 * waited: Roster answers a write only once it is committed, so there is nothing to wait
 * for, and the export's fifteen 5-second pauses would add over a minute per pass.
 * `client: 'fetch'` sends each body as `fetch` sends a string (text/plain when the step
 * names no type), reported as the suite `okta-fetch`.
 *
 * @example const outcomes = await runOktaSuite('../shared/conformance/okta-scim-2.0-spec-test.runscope.json', { origin, token })
 */
export async function runOktaSuite(
  exportPath: string,
  target: SuiteTarget,
  client: 'bytes' | 'fetch' = 'bytes',
): Promise<AssertionOutcome[]> {
  await seed(target);
  const pause = async () => {};
  const bodyAs = client === 'fetch' ? 'string' : 'bytes';
  const spec = await runRunscopeTest(readTest(exportPath), { variables: initialVariables(target), pause, bodyAs });
  const extra = await runRunscopeTest(readTest(EXTRA), { variables: spec.variables, pause, bodyAs });
  const suite = client === 'fetch' ? 'okta-fetch' : 'okta';
  return [...spec.checks, ...extra.checks].map((check: RunscopeCheck): AssertionOutcome => ({ suite, ...check }));
}
