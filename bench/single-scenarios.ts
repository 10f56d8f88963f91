/** The one-request scenarios that bench/profile.ts and bench/side-by-side.ts drive, by name. */
import type { HttpClient } from './load-driver.ts';
import { memberPatchBody } from './member-patch-body.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Members the `member` scenario's group starts with (the first users); the others come and go. */
export const GROUP_MEMBERS = 1000;

/**
 * What a scenario needs made before the load: the `member` scenario's group, holding the
 * first {@link GROUP_MEMBERS} users. @returns the group's id, or undefined for the others
 */
export async function prepareScenario(
  client: HttpClient,
  scenario: string,
  ids: readonly string[],
): Promise<string | undefined> {
  if (scenario !== 'member') return undefined;
  if (ids.length <= GROUP_MEMBERS) throw new Error(`the member scenario needs more than ${GROUP_MEMBERS} users`);
  const members = ids.slice(0, GROUP_MEMBERS).map((value) => ({ value }));
  const res = await client.send('POST', '/scim/v2/Groups', { schemas: [GROUP], displayName: 'bench group', members });
  if (res.status !== 201) throw new Error(`creating the member scenario's group: HTTP ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { id: string }).id;
}

/**
 * `get`, `filter`, `post`, `patch`, and `member` (a 1-member add, then its remove, on the
 * group of {@link prepareScenario}, the way Entra sends them): each sends one request and
 * answers its status. `ids[i]` is the user named `userNameOf(i)`; `run` makes POSTed names unique.
 */
export function scenarioSenders(
  client: HttpClient,
  run: string,
  ids: readonly string[],
  userNameOf: (i: number) => string,
  groupId?: string,
): Record<string, (i: number) => Promise<number>> {
  const pick = (i: number): string => ids[(i * 7919) % ids.length]!;
  const outsider = (i: number): string => ids[GROUP_MEMBERS + (Math.floor(i / 2) % (ids.length - GROUP_MEMBERS))]!;
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
    member: async (i) =>
      (await client.send('PATCH', `/scim/v2/Groups/${groupId}`, memberPatchBody(i, outsider(i)))).status,
  };
}
