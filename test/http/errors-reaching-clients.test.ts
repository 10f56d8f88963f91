import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../helpers/portal.ts';

for (const dialect of await dialects()) {
  describe(`the health check (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let app: FastifyInstance;
    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({ databaseUrl: db.url, poolSize: 2 });
      app = await buildApp({ roster, logLevel: 'silent' });
    });
    after(async () => {
      await app.close();
      await db.drop();
    });

    it('should say ready while the database answers, and 503 with no driver message once it is gone', async () => {
      const up = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(up.statusCode, 200);
      assert.deepEqual(up.json(), { status: 'ready' });
      await roster.close();
      const down = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(down.statusCode, 503);
      // Only this fixed body: the driver's message ("The database connection is not open",
      // "Cannot use a pool after calling end") never reaches the client.
      assert.deepEqual(down.json(), { status: 'unavailable', reason: 'database_unavailable' });
      // Liveness makes no database call: the process is still alive.
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    });
  });

  describe(`portal errors that reach a client (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
    });
    after(() => p.close());

    it('should answer 404 for an asset name that is only an inherited property', async () => {
      assert.equal((await owner.get('/admin/assets/portal.css')).status, 200);
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const res = await owner.get(`/admin/assets/${name}`);
        assert.equal(res.status, 404, name);
      }
    });

    it("should show a SCIM service's 404 as the portal's not-found page, in the reader's language", async () => {
      const res = await owner.get('/admin/directory/users/00000000-0000-0000-0000-000000000000');
      assert.equal(res.status, 404);
      assert.match(res.body, /There is nothing here\./);
      const french = await p.signIn('viewer', { locale: 'fr' });
      const fr = await french.get('/admin/directory/groups/no-such-group');
      assert.equal(fr.status, 404);
      assert.match(fr.body, /Il n(&#39;|')y a rien ici\./);
      assert.doesNotMatch(fr.body, /not found/i, "the SCIM detail is the IdP's English, not the page's");
    });
  });

  describe(`administrative errors in the reader's language (${dialect})`, () => {
    let p: TestPortal;
    before(async () => {
      p = await startPortal(dialect);
    });
    after(() => p.close());

    it('should show a refused account in French on French pages, and in English on English ones', async () => {
      const form = {
        email: 'taken@example.com',
        role: 'viewer',
        password: 'long enough passphrase',
        password2: 'long enough passphrase',
      };
      const english = await p.signIn('owner');
      assert.equal((await english.post('/admin/accounts', form)).status, 303);
      const again = await english.post('/admin/accounts', form);
      assert.equal(again.status, 409);
      assert.match(again.body, /An account for taken@example\.com already exists/);
      const french = await p.signIn('owner', { locale: 'fr' });
      const refused = await french.post('/admin/accounts', form);
      assert.equal(refused.status, 409);
      assert.match(refused.body, /Un compte existe déjà pour taken@example\.com/);
      assert.doesNotMatch(refused.body, /already exists/, 'no English sentence inside the French page');
      const short = await french.post('/admin/accounts', {
        ...form,
        email: 'other@example.com',
        password: 'short',
        password2: 'short',
      });
      assert.equal(short.status, 400);
      assert.match(short.body, /Un mot de passe doit avoir au moins 12 caractères/);
    });
  });
}
