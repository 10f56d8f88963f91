import assert from 'node:assert/strict';
import type { TestServer } from './scim-server.ts';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const BASE = 'https://roster.test/scim/v2';

/** Creates a user over SCIM and returns its id. */
export async function createUser(
  s: TestServer,
  userName: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await s.scim('POST', '/Users', { schemas: [USER], userName, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

/** Creates a group over SCIM (members by id) and returns its id. */
export async function createGroup(
  s: TestServer,
  displayName: string,
  memberIds: readonly string[] = [],
): Promise<string> {
  const res = await s.scim('POST', '/Groups', {
    schemas: [GROUP],
    displayName,
    ...(memberIds.length > 0 ? { members: memberIds.map((value) => ({ value })) } : {}),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

/** Many users at once through the service layer (HTTP would only make the test slow). */
export async function createUsers(s: TestServer, prefix: string, count: number): Promise<string[]> {
  const ctx = { tenantId: s.tenantId, baseUrl: BASE };
  const ids: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, i) =>
      s.roster.users.create(ctx, { schemas: [USER], userName: `${prefix}${start + i}` }),
    );
    for (const written of await Promise.all(batch)) ids.push(written.resource.id as string);
  }
  return ids;
}

/** A PATCH body from its operations. */
export const patchOf = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

/** The member ids of a group as GET shows them, sorted. */
export async function memberIds(s: TestServer, groupId: string): Promise<string[]> {
  const res = await s.scim('GET', `/Groups/${groupId}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return ((res.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}
