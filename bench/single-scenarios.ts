/** The one-request scenarios that bench/profile.ts and bench/side-by-side.ts drive, by name. */
import type { HttpClient } from './load-driver.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * `get`, `filter`, `post`, `patch`: each sends one request and answers its status. `ids[i]`
 * is the user named `userNameOf(i)`; `run` makes POSTed names unique.
 */
export function scenarioSenders(
  client: HttpClient,
  run: string,
  ids: readonly string[],
  userNameOf: (i: number) => string,
): Record<string, (i: number) => Promise<number>> {
  const pick = (i: number): string => ids[(i * 7919) % ids.length]!;
  return {
    get: async (i) => (await client.send('GET', `/scim/v2/Users/${pick(i)}`)).status,
    filter: async (i) =>
      (
        await client.send(
          'GET',
          `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userNameOf((i * 7919) % ids.length)}"`)}`,
        )
      ).status,
    post: async (i) =>
      (
        await client.send('POST', '/scim/v2/Users', {
          schemas: [USER],
          userName: `p${i}.${run}@example.com`,
          active: true,
        })
      ).status,
    patch: async (i) =>
      (
        await client.send('PATCH', `/scim/v2/Users/${pick(i)}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: 'displayName', value: `n${i}` }],
        })
      ).status,
  };
}
