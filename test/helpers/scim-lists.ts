import assert from 'node:assert/strict';
import type { ScimResponse, TestServer } from './scim-server.ts';

export { ENTERPRISE, GROUP, USER } from './scim-fixtures.ts';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export type Resource = Record<string, any>;

/** A query string from parameters, each value URI-encoded. */
export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Creates a resource and fails the test unless it is created. */
export async function create(s: TestServer, endpoint: '/Users' | '/Groups', body: Resource): Promise<Resource> {
  const res = await s.scim('POST', endpoint, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** GET a list, asserting a 200 ListResponse. */
export async function list(s: TestServer, path: string): Promise<ScimResponse> {
  const res = await s.scim('GET', path);
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  assert.deepEqual(res.body.schemas, [LIST_RESPONSE]);
  return res;
}

/** The ids of a filtered list (one page of up to 1000), sorted. */
export async function filteredIds(s: TestServer, endpoint: '/Users' | '/Groups', filter: string): Promise<string[]> {
  const res = await list(s, `${endpoint}${query({ filter, count: 1000 })}`);
  const ids = (res.body.Resources as Resource[]).map((r) => r.id as string);
  assert.equal(res.body.totalResults, ids.length, `totalResults of ${filter}`);
  return ids.sort();
}

/** Ids of the resources matching a plain-JS predicate, sorted. */
export function idsWhere(resources: readonly Resource[], predicate: (r: Resource) => boolean): string[] {
  return resources
    .filter(predicate)
    .map((r) => r.id as string)
    .sort();
}

/** Asserts a SCIM error response with this status and scimType. */
export function assertScimError(res: ScimResponse, status: number, scimType: string | undefined, what: string): void {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'], what);
  assert.equal(res.body.status, String(status), what);
  if (scimType !== undefined) assert.equal(res.body.scimType, scimType, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body.detail, 'string', what);
  assert.ok(res.body.detail.length > 0, what);
}
