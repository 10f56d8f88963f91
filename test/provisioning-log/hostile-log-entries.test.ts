import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

for (const dialect of await dialects()) {
  describe(`provisioning log under hostile requests (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let app: FastifyInstance;
    const tenants: Array<{ id: string; secret: string }> = [];

    const send = (secret: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
      app.inject({
        method,
        url: `/scim/v2${url}`,
        headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) },
        ...(body ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    const entriesOf = async (tenantId: string) =>
      (await roster.provisioningLog.query({ tenantId, limit: 1000 })).entries;

    before(async () => {
      db = await freshDatabase(dialect);
      // Entries wait for an explicit flush, so every request below lands in one batch.
      roster = await openRoster({ databaseUrl: db.url, poolSize: 4, log: { flushIntervalMs: 600_000 } });
      app = await buildApp({ roster, publicUrl: 'https://roster.test', logLevel: 'silent' });
      for (const slug of ['default', 'other']) {
        const tenant = (await roster.tenants.findBySlug(slug)) ?? (await roster.tenants.create(slug));
        const { secret } = await roster.tokens.issue(tenant.id, await roster.tokens.ensureConnection(tenant.id, 'generic'));
        tenants.push({ id: tenant.id, secret });
      }
    });
    after(async () => {
      await app.close();
      await roster.close();
      await db.drop();
    });

    it("should keep every tenant's entries of a batch that holds a path with NUL (GET /Users/%00)", async () => {
      const [mallory, victim] = tenants as [{ id: string; secret: string }, { id: string; secret: string }];
      for (let i = 0; i < 5; i++) {
        assert.equal((await send(victim.secret, 'POST', '/Users', { schemas: [USER], userName: `victim${i}` })).statusCode, 201);
      }
      assert.equal((await send(mallory.secret, 'GET', '/Users/%00')).statusCode, 404);
      assert.equal((await send(mallory.secret, 'GET', '/Users/a%00b')).statusCode, 404);
      assert.equal((await send(mallory.secret, 'POST', '/Users', '{"schemas":["' + USER + '"],"userName":"x","\\u0000":1,"\\ud800":2}')).statusCode, 201);
      assert.equal((await send(victim.secret, 'GET', '/Users?count=1')).statusCode, 200);
      await roster.provisioningLog.flush();
      const victims = await entriesOf(victim.id);
      assert.equal(victims.length, 6, 'the other tenant lost no entry');
      const mallorys = await entriesOf(mallory.id);
      assert.equal(mallorys.length, 3, 'the hostile entries are kept too, their NUL replaced');
      const nul = mallorys.find((e) => e.path === '/scim/v2/Users/%00');
      assert.ok(nul, JSON.stringify(mallorys.map((e) => e.path)));
      assert.equal(nul.resourceId, '\uFFFD');
      assert.ok(!JSON.stringify(mallorys).includes('\\u0000'));
    });

    it('should keep no token in a logged path, percent-encoded or not, and no password a filter compares', async () => {
      const [tenant] = tenants as [{ id: string; secret: string }];
      const secret = tenant.secret.slice('rst_'.length);
      const encoded = `rst%5F${secret}`;
      const paths = [
        `/Users/${encoded}`,
        `/Users/${encodeURIComponent(encoded)}`,
        `/Users?filter=${encodeURIComponent('userName eq "rst_' + secret + '"')}`,
        `/Users?filter=${encodeURIComponent('password eq "hunter2-secret"')}`,
        `/Users?filter=${encodeURIComponent('urn:ietf:params:scim:schemas:core:2.0:User:PASSWORD co "hunter2-secret"')}`,
        '/Users?filter=password+eq+%22hunter2-secret%22',
      ];
      for (const path of paths) assert.ok((await send(tenant.secret, 'GET', path)).statusCode < 500, path);
      const search = await send(tenant.secret, 'POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'password eq "hunter2-secret"',
      });
      assert.ok(search.statusCode < 500);
      await roster.provisioningLog.flush();
      const logged = JSON.stringify(await entriesOf(tenant.id));
      assert.ok(!logged.includes(secret), 'the secret is masked');
      assert.ok(!logged.includes('hunter2'), 'the password is redacted');
      assert.match(logged, /rst_\[redacted\]/);
      assert.match(logged, /password eq \\"\[redacted\]\\"/i);
    });

    it('should refuse a token in the query string with 401, even beside a good header', async () => {
      const [tenant] = tenants as [{ id: string; secret: string }];
      for (const query of [`access_token=${tenant.secret}`, `ACCESS_TOKEN=x`, `access%5Ftoken=${encodeURIComponent(tenant.secret)}`]) {
        const res = await send(tenant.secret, 'GET', `/Users?${query}`);
        assert.equal(res.statusCode, 401, query);
        assert.equal(JSON.parse(res.body).status, '401');
        assert.match(String(res.headers['www-authenticate']), /invalid_request/);
      }
      const noHeader = await app.inject({ method: 'GET', url: `/scim/v2/Users?access_token=${tenant.secret}` });
      assert.equal(noHeader.statusCode, 401);
      await roster.provisioningLog.flush();
      const refused = (await entriesOf(tenant.id)).filter((e) => e.status === 401);
      assert.equal(refused.length, 3, 'refusals beside a good header are the tenant\'s to see');
      assert.ok(refused.every((e) => !e.path.includes(tenant.secret.slice(4))));
    });
  });
}
