const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * The body of the `i`th one-member PATCH of the member scenarios: even ones add `member`,
 * odd ones remove it again, so that every request changes the group.
 *
 * @example await client.send('PATCH', `/scim/v2/Groups/${id}`, memberPatchBody(i, userId))
 */
export function memberPatchBody(i: number, member: string): { schemas: string[]; Operations: object[] } {
  return {
    schemas: [PATCH],
    Operations: [
      i % 2 === 0
        ? { op: 'add', path: 'members', value: [{ value: member }] }
        : { op: 'remove', path: `members[value eq "${member}"]` },
    ],
  };
}
