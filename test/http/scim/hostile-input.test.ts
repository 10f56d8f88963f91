import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { BULK_REQUEST, ERROR, GROUP, PATCH_OP, USER, createGroup, createUser } from '../../helpers/scim-fixtures.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

/** `[[[ … inner … ]]]`, `depth` brackets deep, as text: JSON.stringify would recurse. */
const nested = (depth: number, inner = '"v"'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestedObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

interface HostileCase {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below /scim/v2; `{user}` and `{group}` name the resources every case may target. */
  readonly path: string;
  /** Sent as is when a string or bytes. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly scimType?: string;
  /** Text the error's detail must hold. */
  readonly detail?: RegExp;
}

const patch = (operations: string): string => `{"schemas":["${PATCH_OP}"],"Operations":${operations}}`;
const search = (field: string, value: string): string =>
  `{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"${field}":${value}}`;

const CASES: HostileCase[] = [
  // Nesting: every walk over a body is bounded by LIMITS.maxBodyDepth (64).
  ...['count', 'startIndex', 'sortBy', 'filter', 'cursor'].map((field): HostileCase => ({
    name: `a .search ${field} nested 10,000 deep`,
    method: 'POST',
    path: '/.search',
    body: search(field, nested(10_000)),
    status: 400,
    scimType: 'invalidSyntax',
    detail: /deeper than 64/,
  })),
  ...['count', 'filter'].map((field): HostileCase => ({
    name: `a .search ${field} that is an array`,
    method: 'POST',
    path: '/Users/.search',
    body: search(field, nested(3)),
    status: 400,
    scimType: 'invalidValue',
  })),
  {
    name: 'Bulk data nested 3,000 deep',
    method: 'POST',
    path: '/Bulk',
    body: `{"schemas":["${BULK_REQUEST}"],"Operations":[{"method":"POST","bulkId":"a","path":"/Users","data":{"schemas":["${USER}"],"userName":"deep","x":${nested(3000, '"bulkId:a"')}}}]}`,
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a PATCH value nested 100,000 deep',
    method: 'PATCH',
    path: '/Users/{user}',
    body: patch(`[{"op":"replace","path":"displayName","value":${nested(100_000)}}]`),
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a PATCH value of objects nested 100,000 deep',
    method: 'PATCH',
    path: '/Users/{user}',
    body: patch(`[{"op":"replace","value":${nestedObject(100_000)}}]`),
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a POST body nested 65 deep',
    method: 'POST',
    path: '/Users',
    body: `{"schemas":["${USER}"],"userName":"deep65","x":${nested(64)}}`,
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a single-valued PATCH value wrapped in two arrays (one level is the Keycloak habit)',
    method: 'PATCH',
    path: '/Users/{user}',
    body: patch(`[{"op":"replace","path":"displayName","value":${nested(2)}}]`),
    status: 400,
    scimType: 'invalidValue',
    detail: /displayName/,
  },
  {
    name: 'a single-valued PATCH value wrapped in 50 arrays',
    method: 'PATCH',
    path: '/Users/{user}',
    body: patch(`[{"op":"replace","path":"displayName","value":${nested(50)}}]`),
    status: 400,
    scimType: 'invalidValue',
  },
  // Lengths: indexed text is at most LIMITS.maxIndexedTextBytes (1,024 bytes of UTF-8) on both databases.
  ...(['userName', 'displayName', 'externalId'] as const).map((name): HostileCase => ({
    name: `a user ${name} of 3,000 characters`,
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER], userName: 'long', [name]: 'x'.repeat(3000) },
    status: 400,
    scimType: 'invalidValue',
    detail: new RegExp(`"${name}".*limit is 1024`),
  })),
  ...(['displayName', 'externalId'] as const).map((name): HostileCase => ({
    name: `a group ${name} of 3,000 characters`,
    method: 'POST',
    path: '/Groups',
    body: { schemas: [GROUP], displayName: 'long', [name]: 'é'.repeat(1500) },
    status: 400,
    scimType: 'invalidValue',
    detail: new RegExp(`"${name}".*limit is 1024`),
  })),
  {
    name: 'a userName of 1,000,000 characters',
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER], userName: 'u'.repeat(1_000_000) },
    status: 400,
    scimType: 'invalidValue',
    detail: /"userName"/,
  },
  {
    name: 'a PATCH that makes displayName 3,000 characters long',
    method: 'PATCH',
    path: '/Users/{user}',
    body: patch(`[{"op":"replace","path":"displayName","value":"${'d'.repeat(3000)}"}]`),
    status: 400,
    scimType: 'invalidValue',
    detail: /"displayName"/,
  },
  {
    name: 'a PUT that makes a group displayName 3,000 characters long',
    method: 'PUT',
    path: '/Groups/{group}',
    body: { schemas: [GROUP], displayName: '群'.repeat(1000) },
    status: 400,
    scimType: 'invalidValue',
    detail: /"displayName"/,
  },
  // Lone surrogates: no character, refused by both databases alike.
  ...[
    ['userName', `{"schemas":["${USER}"],"userName":"x\\ud800y"}`],
    ['displayName', `{"schemas":["${USER}"],"userName":"lone","displayName":"\\udc00"}`],
    ['name.givenName', `{"schemas":["${USER}"],"userName":"lone","name":{"givenName":"a\\ud83d"}}`],
    ['emails.value', `{"schemas":["${USER}"],"userName":"lone","emails":[{"value":"\\ud800@example.com"}]}`],
  ].map(([name, body]): HostileCase => ({
    name: `a lone surrogate in ${name}`,
    method: 'POST',
    path: '/Users',
    body,
    status: 400,
    scimType: 'invalidValue',
    detail: new RegExp(`"${name!.replace('.', '\\.')}".*surrogate`),
  })),
  {
    name: 'a lone surrogate in a PATCH value',
    method: 'PATCH',
    path: '/Groups/{group}',
    body: patch('[{"op":"replace","path":"displayName","value":"g\\ud800"}]'),
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a NUL character in userName',
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER], userName: 'nul\u0000' },
    status: 400,
    scimType: 'invalidValue',
  },
  // Types: refused where no IdP habit is involved.
  ...[123, true, { a: 1 }, ['a', 'b']].map((value): HostileCase => ({
    name: `userName ${JSON.stringify(value)}`,
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER], userName: value },
    status: 400,
    scimType: 'invalidValue',
    detail: /"userName"/,
  })),
  {
    name: 'a number for name.familyName',
    method: 'POST',
    path: '/Users',
    body: { schemas: [USER], userName: 'typed', name: { familyName: 7 } },
    status: 400,
    scimType: 'invalidValue',
    detail: /"name\.familyName"/,
  },
  {
    name: 'a number for a group displayName in a PATCH',
    method: 'PATCH',
    path: '/Groups/{group}',
    body: patch('[{"op":"replace","path":"displayName","value":42}]'),
    status: 400,
    scimType: 'invalidValue',
  },
  // Paths: the router's own errors are SCIM errors too.
  { name: 'an id of 101 characters', method: 'GET', path: `/Users/${'a'.repeat(101)}`, status: 404 },
  { name: 'a PATCH to an id of 5,000 characters', method: 'PATCH', path: `/Groups/${'g'.repeat(5000)}`, body: patch('[]'), status: 404 },
  { name: 'a path that is not UTF-8 (/Users/%ff)', method: 'GET', path: '/Users/%ff', status: 400, scimType: 'invalidSyntax' },
  { name: 'a DELETE of a path with a lone surrogate (%ED%A0%80)', method: 'DELETE', path: '/Groups/%ED%A0%80', status: 400, scimType: 'invalidSyntax' },
  { name: 'a path with NUL (/Users/%00)', method: 'GET', path: '/Users/%00', status: 404 },
  { name: 'a DELETE of /Users/%00', method: 'DELETE', path: '/Users/%00', status: 404 },
  { name: 'an unknown endpoint', method: 'GET', path: '/Nope', status: 404 },
  { name: 'a DELETE of the Users collection', method: 'DELETE', path: '/Users', status: 404 },
  { name: 'a PUT on /ServiceProviderConfig', method: 'PUT', path: '/ServiceProviderConfig', body: {}, status: 405 },
  { name: 'a dot segment as id', method: 'DELETE', path: '/Users/..%2F..%2FGroups', status: 404 },
  // Encodings: a body is UTF-8, or refused; never stored with U+FFFD in its place.
  ...[
    ['a Latin-1 é', Buffer.concat([Buffer.from(`{"schemas":["${USER}"],"userName":"caf`), Buffer.from([0xe9]), Buffer.from('"}')])],
    ['an overlong encoding of "/"', Buffer.concat([Buffer.from(`{"schemas":["${USER}"],"userName":"a`), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])],
    ['an encoded surrogate (CESU-8)', Buffer.concat([Buffer.from(`{"schemas":["${USER}"],"userName":"a`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
    ['a truncated sequence', Buffer.concat([Buffer.from(`{"schemas":["${USER}"],"userName":"a`), Buffer.from([0xe2, 0x82]), Buffer.from('"}')])],
  ].map(([name, bytes]): HostileCase => ({
    name: `a body that is not UTF-8 (${name as string})`,
    method: 'POST',
    path: '/Users',
    body: bytes,
    status: 400,
    scimType: 'invalidSyntax',
    detail: /UTF-8/,
  })),
  {
    name: 'a PATCH body that is not UTF-8',
    method: 'PATCH',
    path: '/Users/{user}',
    body: Buffer.concat([Buffer.from(patch('[{"op":"replace","path":"displayName","value":"x')), Buffer.from([0xff]), Buffer.from('"}]')]),
    status: 400,
    scimType: 'invalidSyntax',
  },
];

/** Everything a tenant can read of its directory, to show a refused request changed nothing. */
async function snapshot(s: TestServer): Promise<unknown> {
  const users = await s.scim('GET', '/Users?count=1000');
  const groups = await s.scim('GET', '/Groups?count=1000');
  assert.equal(users.status, 200);
  assert.equal(groups.status, 200);
  return [users.body, groups.body];
}

/** Bytes exactly as given, which the helper's JSON would re-encode. */
async function sendBytes(s: TestServer, method: HostileCase['method'], path: string, payload: Buffer) {
  const raw = await s.app.inject({
    method,
    url: `/scim/v2${path}`,
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/scim+json' },
    payload,
  });
  return { status: raw.statusCode, body: JSON.parse(raw.body), raw };
}

/** The server still answers its health check and an ordinary SCIM read. */
async function assertHealthy(s: TestServer): Promise<void> {
  const health = await s.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(health.statusCode, 200, health.body);
  assert.equal((await s.scim('GET', '/ServiceProviderConfig')).status, 200);
}

/** A SCIM error body of that status (RFC 7644 section 3.12). */
export function assertScimError(res: { status: number; body: any; raw: { body: string } }, status: number, scimType?: string): void {
  assert.equal(res.status, status, res.raw.body.slice(0, 500));
  assert.deepEqual(res.body?.schemas, [ERROR], res.raw.body.slice(0, 500));
  assert.equal(res.body.status, String(status));
  assert.equal(typeof res.body.detail, 'string');
  if (scimType !== undefined) assert.equal(res.body.scimType, scimType, res.body.detail);
}

for (const dialect of await dialects()) {
  describe(`hostile input is refused with a SCIM error and changes nothing (${dialect})`, () => {
    let s: TestServer;
    let userId: string;
    let groupId: string;
    before(async () => {
      s = await startServer(dialect);
      userId = await createUser(s, 'target', { displayName: 'Target' });
      groupId = await createGroup(s, 'target-group', [userId]);
    });
    after(() => s.close());

    for (const c of CASES) {
      it(`should refuse ${c.name} with ${c.status}${c.scimType ? ` ${c.scimType}` : ''}`, async () => {
        const before = await snapshot(s);
        const path = c.path.replace('{user}', userId).replace('{group}', groupId);
        const res = Buffer.isBuffer(c.body) ? await sendBytes(s, c.method, path, c.body) : await s.scim(c.method, path, c.body, c.headers);
        assertScimError(res, c.status, c.scimType);
        if (c.detail) assert.match(res.body.detail, c.detail);
        assert.ok(res.body.detail.length <= 1000, `a short detail, got ${res.body.detail.length} characters`);
        assert.deepEqual(await snapshot(s), before);
        await assertHealthy(s);
      });
    }

    it('should still take one level of array around a single value (Keycloak)', async () => {
      const res = await s.scim('PATCH', `/Users/${userId}`, patch('[{"op":"replace","path":"displayName","value":["Kc"]}]'));
      assert.equal(res.status, 200, res.raw.body);
      assert.equal(res.body.displayName, 'Kc');
      const back = await s.scim('PATCH', `/Users/${userId}`, patch('[{"op":"replace","path":"displayName","value":"Target"}]'));
      assert.equal(back.status, 200);
    });

    it('should read a UTF-8 body that starts with a byte order mark, and four-byte characters', async () => {
      const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"schemas":["${USER}"],"userName":"bom😀"}`)]);
      const res = await sendBytes(s, 'POST', '/Users', body);
      assert.equal(res.status, 201, res.raw.body);
      assert.equal(res.body.userName, 'bom😀');
      assert.equal((await s.scim('DELETE', `/Users/${res.body.id}`)).status, 204);
    });

    it('should take a body nested exactly 64 deep', async () => {
      const res = await s.scim('POST', '/Users', `{"schemas":["${USER}"],"userName":"deep64","x":${nested(63)}}`);
      assert.equal(res.status, 201, res.raw.body);
      assert.equal((await s.scim('DELETE', `/Users/${res.body.id}`)).status, 204);
    });
  });
}
