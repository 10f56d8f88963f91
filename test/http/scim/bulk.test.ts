import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import {
  BASE,
  BULK_REQUEST,
  BULK_RESPONSE,
  ERROR,
  GROUP,
  PATCH_OP,
  USER,
  createGroup,
  createUser,
  memberIds,
} from '../../helpers/scim-fixtures.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const bulk = (Operations: unknown, extra: Record<string, unknown> = {}) => ({
  schemas: [BULK_REQUEST],
  ...extra,
  Operations,
});
const postUser = (bulkId: string, userName: string) => ({
  method: 'POST',
  path: '/Users',
  bulkId,
  data: { schemas: [USER], userName },
});
const postGroup = (bulkId: string, displayName: string, members: string[] = []) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) },
});

interface BulkResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: { schemas: string[]; status: string; scimType?: string; detail: string };
}

const idOf = (r: BulkResult | undefined): string => {
  assert.ok(r?.location, JSON.stringify(r));
  return r.location.split('/').pop()!;
};

for (const dialect of await dialects()) {
  describe(`Bulk (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    const send = async (body: unknown): Promise<BulkResult[]> => {
      const res = await s.scim('POST', '/Bulk', body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.schemas, [BULK_RESPONSE]);
      assert.match(res.headers['content-type'] as string, /^application\/scim\+json/);
      return res.body.Operations as BulkResult[];
    };
    const userNamed = async (userName: string) =>
      (await s.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body;

    it('creates a user and a group that refers to it by bulkId, answering each in order', async () => {
      const results = await send(bulk([postUser('u1', 'bulk.alice'), postGroup('g1', 'Bulk team', ['bulkId:u1'])]));
      assert.equal(results.length, 2);
      const [user, group] = results;
      assert.equal(user?.method, 'POST');
      assert.equal(user?.bulkId, 'u1');
      assert.equal(user?.status, '201');
      assert.match(user?.location ?? '', new RegExp(`^${BASE}/Users/[^/]+$`));
      assert.match(user?.version ?? '', /^W\/"\d+"$/);
      assert.equal(user?.response, undefined, 'a success carries no response body');
      assert.equal(group?.bulkId, 'g1');
      assert.equal(group?.status, '201');
      assert.match(group?.location ?? '', new RegExp(`^${BASE}/Groups/[^/]+$`));
      const userId = idOf(user);
      const got = await s.scim('GET', `/Groups/${idOf(group)}`);
      assert.equal(got.body.displayName, 'Bulk team');
      assert.deepEqual(
        got.body.members.map((m: { value: string; type: string }) => [m.value, m.type]),
        [[userId, 'User']],
      );
      assert.equal(got.body.meta.version, group?.version);
      assert.equal((await s.scim('GET', `/Users/${userId}`)).body.meta.version, user?.version);
    });

    it('resolves a forward reference: a group op before the user op it names', async () => {
      const results = await send(
        bulk([
          postGroup('fg', 'Forward', ['bulkId:fu', 'bulkId:fu2']),
          postUser('fu', 'forward.user'),
          {
            method: 'PATCH',
            path: '/Groups/bulkId:fg',
            data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Forward 2' }] },
          },
          postUser('fu2', 'forward.user2'),
        ]),
      );
      assert.deepEqual(
        results.map((r) => [r.method, r.bulkId, r.status]),
        [
          ['POST', 'fg', '201'],
          ['POST', 'fu', '201'],
          ['PATCH', undefined, '204'],
          ['POST', 'fu2', '201'],
        ],
      );
      const groupId = idOf(results[0]);
      assert.equal(results[2]?.location, `${BASE}/Groups/${groupId}`);
      assert.match(results[2]?.version ?? '', /^W\/"\d+"$/);
      assert.deepEqual(await memberIds(s, groupId), [idOf(results[1]), idOf(results[3])].sort());
      assert.equal((await s.scim('GET', `/Groups/${groupId}`)).body.displayName, 'Forward 2');
    });

    it('answers circular bulkId references with 409 results and creates neither', async () => {
      const results = await send(
        bulk([
          postGroup('ca', 'Cycle A', ['bulkId:cb']),
          postGroup('cb', 'Cycle B', ['bulkId:ca']),
          postUser('cu', 'cycle.bystander'),
        ]),
      );
      assert.equal(results.length, 3);
      assert.deepEqual(
        results.map((r) => r.status),
        ['409', '409', '201'],
      );
      assert.equal(results[0]?.bulkId, 'ca');
      assert.deepEqual(results[0]?.response?.schemas, [ERROR]);
      assert.equal(results[0]?.response?.status, '409');
      const list = await s.scim('GET', `/Groups?filter=${encodeURIComponent('displayName sw "Cycle"')}`);
      assert.equal(list.body.totalResults, 0);
      const self = await send(bulk([postGroup('me', 'Self', ['bulkId:me'])]));
      assert.equal(self[0]?.status, '409');
    });

    it('runs a chain of operations each waiting on the next, in reverse, each with the id it waited for', async () => {
      // bulkOrder looks at each operation once, so the chain's length changes only the run
      // time; 300 keep this test short on a loaded CI machine.
      const n = 300;
      // Operation i is a group whose member is operation i + 1; the last is a user.
      const ops = Array.from({ length: n }, (_, i) =>
        i === n - 1 ? postUser(`c${i}`, 'chain.end') : postGroup(`c${i}`, `Chain ${i}`, [`bulkId:c${i + 1}`]),
      );
      const results = await send(bulk(ops));
      assert.equal(results.length, n);
      assert.deepEqual(
        results.map((r) => r.bulkId),
        ops.map((o) => o.bulkId),
        'answered in request order',
      );
      assert.ok(
        results.every((r) => r.status === '201'),
        JSON.stringify(results.find((r) => r.status !== '201')),
      );
      for (const i of [0, 1, n / 2, n - 2]) {
        assert.deepEqual(await memberIds(s, idOf(results[i])), [idOf(results[i + 1])], `group ${i}`);
      }
      const cleanup = await send(
        bulk(results.map((r) => ({ method: 'DELETE', path: `/${r.location!.split('/').slice(-2).join('/')}` }))),
      );
      assert.ok(cleanup.every((r) => r.status === '204'));
    });

    it('runs a chain with a cycle beside it: the chain succeeds, the cycle and what waits on it are 409', async () => {
      const results = await send(
        bulk([
          postGroup('w', 'Waits on cycle', ['bulkId:x']),
          postGroup('x', 'Cycle X', ['bulkId:y']),
          postGroup('y', 'Cycle Y', ['bulkId:x']),
          postGroup('a', 'Chain A', ['bulkId:b']),
          postUser('b', 'chain.b'),
        ]),
      );
      assert.deepEqual(
        results.map((r) => [r.bulkId, r.status]),
        [
          ['w', '409'],
          ['x', '409'],
          ['y', '409'],
          ['a', '201'],
          ['b', '201'],
        ],
      );
    });

    it('answers a reference to an undefined bulkId with an error result, and runs the rest', async () => {
      const results = await send(
        bulk([postGroup('ug', 'Undefined ref', ['bulkId:nobody']), postUser('uu', 'undefined.ok')]),
      );
      assert.equal(results[0]?.bulkId, 'ug');
      assert.ok(Number(results[0]?.status) >= 400, JSON.stringify(results[0]));
      assert.equal(results[0]?.response?.scimType, 'invalidValue');
      assert.match(results[0]?.response?.detail ?? '', /nobody/);
      assert.equal(results[1]?.status, '201');
      const viaFailed = await send(bulk([postUser('bad', ''), postGroup('after', 'After failed', ['bulkId:bad'])]));
      assert.equal(viaFailed[0]?.status, '400');
      assert.equal(viaFailed[1]?.status, '409', 'a bulkId whose POST failed names nothing');
      assert.equal(viaFailed[1]?.response?.scimType, 'invalidValue');
    });

    it('stops after failOnErrors errors: later operations are absent', async () => {
      const one = await send(
        bulk([postUser('f1', ''), postUser('f2', 'fail.two'), postUser('f3', 'fail.three')], { failOnErrors: 1 }),
      );
      assert.equal(one.length, 1);
      assert.equal(one[0]?.status, '400');
      assert.equal((await userNamed('fail.two')).totalResults, 0);
      const two = await send(
        bulk([postUser('t1', ''), postUser('t2', 'fail2.ok'), postUser('t3', ''), postUser('t4', 'fail2.late')], {
          failOnErrors: 2,
        }),
      );
      assert.deepEqual(
        two.map((r) => r.status),
        ['400', '201', '400'],
      );
      assert.equal((await userNamed('fail2.late')).totalResults, 0);
      const none = await send(bulk([postUser('n1', ''), postUser('n2', 'fail.none.ok')]));
      assert.deepEqual(
        none.map((r) => r.status),
        ['400', '201'],
        'without failOnErrors every op runs',
      );
    });

    it('refuses more than 1000 operations with 413', async () => {
      const ops = Array.from({ length: 1001 }, (_, i) => postUser(`m${i}`, `max.${i}`));
      const res = await s.scim('POST', '/Bulk', bulk(ops));
      assert.equal(res.status, 413);
      assert.deepEqual(res.body.schemas, [ERROR]);
      assert.equal(res.body.status, '413');
      assert.equal((await userNamed('max.0')).totalResults, 0);
    });

    it('takes a bulk body above the single-request limit, and refuses one above maxPayloadSize with 413', async () => {
      const config = await s.scim('GET', '/ServiceProviderConfig');
      const max = config.body.bulk.maxPayloadSize as number;
      assert.ok(max > 1024 * 1024);
      // Three users, each sub-request well under 1 MB, together about 1.5 MB.
      const padded = (i: number) => ({
        ...postUser(`big${i}`, `payload.${i}`),
        data: { schemas: [USER], userName: `payload.${i}`, padding: 'x'.repeat(500_000) },
      });
      const results = await send(bulk([padded(0), padded(1), padded(2)]));
      assert.deepEqual(
        results.map((r) => r.status),
        ['201', '201', '201'],
      );
      const lower = await s.scim('POST', '/bulk', bulk([padded(3), padded(4), padded(5)]));
      assert.equal(lower.status, 200, 'the limit does not depend on the case of the path');
      const tooBig = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          {
            ...postUser('huge', 'payload.huge'),
            data: { schemas: [USER], userName: 'payload.huge', padding: 'x'.repeat(max) },
          },
        ]),
      );
      assert.equal(tooBig.status, 413);
      assert.equal(tooBig.body.status, '413');
      assert.equal((await userNamed('payload.huge')).totalResults, 0);
      const bigOp = await send(
        bulk([
          {
            ...postUser('op', 'payload.op'),
            data: { schemas: [USER], userName: 'payload.op', padding: 'x'.repeat(1_100_000) },
          },
        ]),
      );
      assert.equal(bigOp[0]?.status, '413', 'one operation is held to the single-request limit');
    });

    it('refuses a malformed bulk request with 400 invalidSyntax, running nothing', async () => {
      const ok = postUser('ok', 'malformed.never');
      const cases: [string, unknown][] = [
        ['not an object', [ok]],
        ['missing schemas', { Operations: [ok] }],
        ['wrong schemas', { schemas: [PATCH_OP], Operations: [ok] }],
        ['Operations missing', { schemas: [BULK_REQUEST] }],
        ['Operations not an array', bulk({ 0: ok })],
        ['an operation not an object', bulk([ok, 'DELETE /Users/x'])],
        ['bad method', bulk([ok, { method: 'GET', path: '/Users/x' }])],
        ['method not a string', bulk([ok, { method: 7, path: '/Users/x' }])],
        ['unknown resource type', bulk([ok, { method: 'POST', path: '/Things', bulkId: 't', data: {} }])],
        ['path too deep', bulk([ok, { method: 'DELETE', path: '/Users/a/b' }])],
        ['path with a query', bulk([ok, { method: 'DELETE', path: '/Users/a?x=1' }])],
        ['path not a string', bulk([ok, { method: 'DELETE', path: ['/Users/a'] }])],
        [
          'POST to an id',
          bulk([ok, { method: 'POST', path: '/Users/a', bulkId: 'p', data: { schemas: [USER], userName: 'p' } }]),
        ],
        ['DELETE without an id', bulk([ok, { method: 'DELETE', path: '/Users' }])],
        [
          'POST without bulkId',
          bulk([ok, { method: 'POST', path: '/Users', data: { schemas: [USER], userName: 'nobulk' } }]),
        ],
        [
          'empty bulkId',
          bulk([ok, { method: 'POST', path: '/Users', bulkId: '', data: { schemas: [USER], userName: 'e' } }]),
        ],
        ['duplicate bulkId', bulk([ok, postUser('ok', 'malformed.twice')])],
        ['POST without data', bulk([ok, { method: 'POST', path: '/Users', bulkId: 'nd' }])],
        ['version not a string', bulk([ok, { method: 'DELETE', path: '/Users/a', version: 3 }])],
      ];
      for (const [why, body] of cases) {
        const res = await s.scim('POST', '/Bulk', body);
        assert.equal(res.status, 400, `${why}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.scimType, 'invalidSyntax', why);
        assert.deepEqual(res.body.schemas, [ERROR], why);
      }
      const notJson = await s.scim('POST', '/Bulk', '{"schemas": [');
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body.scimType, 'invalidSyntax');
      const badFail = await s.scim('POST', '/Bulk', bulk([ok], { failOnErrors: 'one' }));
      assert.equal(badFail.status, 400);
      assert.equal((await userNamed('malformed.never')).totalResults, 0);
    });

    it('gives an operation with bad data its own 400 result while the others succeed', async () => {
      const results = await send(
        bulk([
          postUser('g1', 'bad.data.ok1'),
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'b1',
            data: { schemas: [USER], userName: 'bad.data.x', active: 'maybe' },
          },
          { method: 'PUT', path: '/Users/no-such-user', data: { schemas: [USER], userName: 'ghost' } },
          {
            method: 'PATCH',
            path: '/Groups/bulkId:gg',
            data: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'nonsense', value: 1 }] },
          },
          postGroup('gg', 'Bad data group'),
          postUser('g2', 'bad.data.ok2'),
        ]),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        ['201', '400', '404', '400', '201', '201'],
      );
      assert.equal(results[1]?.bulkId, 'b1');
      assert.equal(results[1]?.response?.scimType, 'invalidValue');
      assert.deepEqual(results[1]?.response?.schemas, [ERROR]);
      assert.equal(results[3]?.response?.scimType, 'invalidPath');
      assert.equal(results[1]?.location, undefined, 'a failed POST has no location');
      assert.equal((await userNamed('bad.data.ok2')).totalResults, 1);
      assert.equal((await userNamed('bad.data.x')).totalResults, 0);
    });

    it('honours each operation version as If-Match for PATCH, PUT and DELETE', async () => {
      const u = await createUser(s, 'versioned.user');
      const g = await createGroup(s, 'Versioned');
      const gv = (await s.scim('GET', `/Groups/${g}`)).headers.etag as string;
      const uv = (await s.scim('GET', `/Users/${u}`)).headers.etag as string;
      const addMember = { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: u }] }] };
      const first = await send(
        bulk([
          { method: 'PATCH', path: `/Groups/${g}`, version: gv, data: addMember },
          { method: 'PATCH', path: `/Groups/${g}`, version: gv, data: addMember },
          {
            method: 'PUT',
            path: `/Users/${u}`,
            version: uv,
            data: { schemas: [USER], userName: 'versioned.user', title: 'Put' },
          },
          { method: 'DELETE', path: `/Users/${u}`, version: uv },
        ]),
      );
      assert.deepEqual(
        first.map((r) => r.status),
        ['204', '412', '200', '412'],
      );
      assert.equal(first[0]?.location, `${BASE}/Groups/${g}`);
      assert.notEqual(first[0]?.version, gv);
      assert.equal(first[1]?.response?.status, '412');
      assert.equal(first[2]?.location, `${BASE}/Users/${u}`);
      assert.equal(first[3]?.location, `${BASE}/Users/${u}`);
      assert.deepEqual(await memberIds(s, g), [u]);
      const second = await send(
        bulk([
          { method: 'DELETE', path: `/Users/${u}`, version: first[2]?.version },
          { method: 'DELETE', path: `/Groups/${g}`, version: first[0]?.version },
          { method: 'DELETE', path: `/Groups/${g}` },
        ]),
      );
      assert.deepEqual(
        second.map((r) => r.status),
        ['204', '412', '204'],
        'the user left the group, so its version moved on',
      );
      assert.equal(second[0]?.location, `${BASE}/Users/${u}`);
      assert.equal((await s.scim('GET', `/Users/${u}`)).status, 404);
      assert.equal((await s.scim('GET', `/Groups/${g}`)).status, 404);
    });

    it('answers the bulk endpoint whatever the case of its path, and rejects odd ids without a 500', async () => {
      const lower = await s.scim('POST', '/bulk', bulk([postUser('lc', 'lower.case.bulk')]));
      assert.equal(lower.status, 200, JSON.stringify(lower.body));
      assert.equal(lower.body.Operations[0].status, '201');
      const id = idOf(lower.body.Operations[0]);
      const lowerPath = await send(
        bulk([
          {
            method: 'patch',
            path: `/users/${id}`,
            data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'x' }] },
          },
        ]),
      );
      assert.equal(lowerPath[0]?.status, '200');
      assert.equal(lowerPath[0]?.method, 'PATCH');
      assert.equal(lowerPath[0]?.location, `${BASE}/Users/${id}`, 'the location is canonical');
      const odd = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          { method: 'DELETE', path: '/Users/%E0%A4%A' },
          { method: 'DELETE', path: '/Users/..' },
          { method: 'DELETE', path: '/Groups/.' },
        ]),
      );
      assert.ok(odd.status === 200 || odd.status === 400, JSON.stringify(odd.body));
      if (odd.status === 200) {
        for (const r of odd.body.Operations as BulkResult[])
          assert.ok(['400', '404'].includes(r.status), JSON.stringify(r));
      }
    });
  });
}
