import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

/** A small deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'userName',
  'USERNAME',
  'name',
  'name.givenName',
  'emails',
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'members',
  'members[value eq "x"]',
  'active',
  'meta',
  'meta.created',
  'id',
  'externalId',
  'groups',
  'password',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:x:y',
  'displayName',
  'x509Certificates',
  '__proto__',
  'constructor',
  'eq',
  'ne',
  'co',
  'sw',
  'pr',
  'gt',
  'and',
  'or',
  'not',
  '(',
  ')',
  '[',
  ']',
  '"',
  '\\',
  ' ',
  '.',
  ':',
  '\u0000',
  'é',
];

function value(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 9));
  const word = () => WORDS[Math.floor(r() * WORDS.length)]!;
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor(r() * 1e6) - 5e5;
    case 3:
      return r() * 1e12;
    case 4:
      return word();
    case 5:
      return Array.from({ length: Math.floor(r() * 5) }, word).join(' ');
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    default: {
      // fromEntries defines own keys, so "__proto__" is sent as data, not set as a prototype.
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [word(), value(r, depth + 1)]));
    }
  }
}

function patchBody(r: () => number): unknown {
  const ops = Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
    const op: Record<string, unknown> = { op: ['add', 'Replace', 'remove', 'move', 1][Math.floor(r() * 5)] };
    if (r() < 0.8) op.path = r() < 0.7 ? WORDS[Math.floor(r() * WORDS.length)] : value(r);
    if (r() < 0.8) op.value = value(r);
    return op;
  });
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: r() < 0.9 ? ops : value(r) };
}

for (const dialect of await dialects()) {
  describe(`hostile input never causes a 500 (${dialect})`, () => {
    let s: TestServer;
    let userId: string;
    let groupId: string;
    before(async () => {
      s = await startServer(dialect);
      userId = (
        await s.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'target' })
      ).body.id;
      groupId = (
        await s.scim('POST', '/Groups', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: 'target',
        })
      ).body.id;
    });
    after(() => s.close());

    it('should answer 600 random requests with statuses below 500 and SCIM error bodies', async () => {
      const r = rng(dialect === 'sqlite' ? 42 : 4242);
      for (let i = 0; i < 600; i++) {
        const kind = Math.floor(r() * 6);
        const word = () => encodeURIComponent(JSON.stringify(value(r)) ?? '');
        let method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'GET';
        let path = '';
        let body: unknown;
        switch (kind) {
          case 0:
            path = `/Users?filter=${word()}&sortBy=${word()}&startIndex=${word()}&count=${word()}&attributes=${word()}`;
            break;
          case 1:
            path = `/Groups?filter=${encodeURIComponent(Array.from({ length: 4 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' '))}&cursor=${word()}`;
            break;
          case 2:
            method = 'POST';
            path = r() < 0.5 ? '/Users' : '/Groups';
            body =
              r() < 0.8
                ? {
                    schemas: [
                      r() < 0.5
                        ? 'urn:ietf:params:scim:schemas:core:2.0:User'
                        : 'urn:ietf:params:scim:schemas:core:2.0:Group',
                    ],
                    ...(value(r) as object),
                  }
                : value(r);
            break;
          case 3:
            method = 'PATCH';
            path = r() < 0.5 ? `/Users/${userId}` : `/Groups/${groupId}`;
            body = patchBody(r);
            break;
          case 4:
            method = 'PUT';
            path = r() < 0.5 ? `/Users/${userId}` : `/Groups/${groupId}`;
            body = value(r);
            break;
          default:
            method = 'POST';
            path = ['/Bulk', '/.search', '/Users/.search'][Math.floor(r() * 3)]!;
            body = value(r);
        }
        const res = await s.scim(method, path, body === undefined ? undefined : JSON.stringify(body));
        assert.ok(res.status < 500, `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.raw.body}`);
        if (res.status >= 400) {
          assert.equal(res.body.status, String(res.status), res.raw.body);
          assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
        }
      }
    });
  });
}
