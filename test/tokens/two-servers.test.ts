import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { assertRefused, cliJson, scimOver } from '../helpers/roster-cli.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const names = await dialects();

// The dialects run side by side: most of the time goes to starting processes.
describe('tokens across two server processes on one database', { concurrency: names.length }, () => {
  for (const dialect of names) {
    describe(`two servers (${dialect})`, { concurrency: 1 }, () => {
      let db: FreshDatabase;
      let one: RunningServer;
      let two: RunningServer;
      let env: Record<string, string>;
      let tokenA: string;
      let tokenAId: string;
      let tokenB: string;

      before(async () => {
        db = await freshDatabase(dialect);
        env = { ROSTER_DATABASE_URL: db.url };
        // One migrates first; the second then finds the schema in place.
        one = await startServe(env);
        two = await startServe(env);
        ({ token: tokenA, id: tokenAId } = await cliJson(['tokens', 'create', '--idp', 'okta'], env));
        await cliJson(['tenants', 'create', 'tenant-b', '--name', 'Tenant B'], env);
        tokenB = (await cliJson(['tokens', 'create', '--idp', 'entra', '--tenant', 'tenant-b'], env)).token;
      });
      after(async () => {
        await Promise.all([one.stop(), two.stop()]);
        await db.drop();
      });

      it('should refuse a token deactivated through the CLI on the very next request to either server', async () => {
        assert.equal((await scimOver(one.origin, tokenA, 'GET', '/Users')).status, 200);
        assert.equal((await scimOver(two.origin, tokenA, 'GET', '/Users')).status, 200);
        await whileInUse([one, two], tokenA, () => cliJson(['tokens', 'deactivate', tokenAId], env));
        assertRefused(await scimOver(one.origin, tokenA, 'GET', '/Users'), 'server one');
        assertRefused(await scimOver(two.origin, tokenA, 'GET', '/Users'), 'server two');
        await cliJson(['tokens', 'activate', tokenAId], env);
        assert.equal((await scimOver(two.origin, tokenA, 'GET', '/Users')).status, 200);
        assert.equal((await scimOver(one.origin, tokenA, 'GET', '/Users')).status, 200);
      });

      it('should refuse a renewed secret and a deleted token on the very next request to either server', async () => {
        const issued = await cliJson(['tokens', 'create', '--idp', 'okta'], env);
        const renewed = await whileInUse([one, two], issued.token, () => cliJson(['tokens', 'renew', issued.id], env));
        for (const server of [one, two]) {
          assertRefused(await scimOver(server.origin, issued.token, 'GET', '/Users'), `old secret, ${server.origin}`);
          assert.equal((await scimOver(server.origin, renewed.token, 'GET', '/Users')).status, 200);
        }
        await whileInUse([one, two], renewed.token, () => cliJson(['tokens', 'delete', issued.id], env));
        assertRefused(await scimOver(one.origin, renewed.token, 'GET', '/Users'), 'deleted, server one');
        assertRefused(await scimOver(two.origin, renewed.token, 'GET', '/Users'), 'deleted, server two');
      });

      it("should refuse a deleted connection's tokens on the very next request to either server", async () => {
        const issued = await cliJson(['tokens', 'create', '--idp', 'jumpcloud'], env);
        await whileInUse([one, two], issued.token, () => cliJson(['connections', 'delete', issued.connectionId], env));
        assertRefused(await scimOver(one.origin, issued.token, 'GET', '/Users'), 'server one');
        assertRefused(await scimOver(two.origin, issued.token, 'GET', '/Users'), 'server two');
      });

      it("should refuse an application's deactivated token on the very next request to either server", async () => {
        const app = await cliJson(['apps', 'create', '--name', 'mirror'], env);
        await whileInUse([one, two], app.token, () => cliJson(['apps', 'deactivate', app.id], env));
        assertRefused(await scimOver(one.origin, app.token, 'GET', '/Users'), 'server one');
        assertRefused(await scimOver(two.origin, app.token, 'GET', '/Users'), 'server two');
      });

      it("should never let tenant B's token reach tenant A's users and groups", async () => {
        const user = await scimOver(one.origin, tokenA, 'POST', '/Users', {
          schemas: [USER],
          userName: 'alice@a.example',
        });
        assert.equal(user.status, 201);
        const group = await scimOver(one.origin, tokenA, 'POST', '/Groups', {
          schemas: [GROUP],
          displayName: 'A team',
          members: [{ value: user.body.id }],
        });
        assert.equal(group.status, 201);
        const userPath = `/Users/${user.body.id}`;
        const groupPath = `/Groups/${group.body.id}`;
        for (const server of [one, two]) {
          const b = (method: string, path: string, body?: unknown) =>
            scimOver(server.origin, tokenB, method, path, body);
          const list = await b('GET', '/Users');
          assert.equal(list.body.totalResults, 0, 'list');
          const filtered = await b('GET', `/Users?filter=${encodeURIComponent('userName eq "alice@a.example"')}`);
          assert.equal(filtered.body.totalResults, 0, 'filter');
          assert.equal((await b('GET', '/Groups')).body.totalResults, 0, 'groups list');
          assert.equal((await b('GET', userPath)).status, 404, 'get');
          assert.equal((await b('GET', groupPath)).status, 404, 'get group');
          const patch = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] };
          assert.equal((await b('PATCH', userPath, patch)).status, 404, 'patch');
          assert.equal((await b('PUT', userPath, { schemas: [USER], userName: 'mallory' })).status, 404, 'put');
          const addMember = {
            schemas: [PATCH],
            Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }],
          };
          assert.equal((await b('PATCH', groupPath, addMember)).status, 404, 'patch group');
          assert.equal((await b('DELETE', userPath)).status, 404, 'delete');
          assert.equal((await b('DELETE', groupPath)).status, 404, 'delete group');
        }
        // The same userName is free in tenant B: the tenants share nothing.
        const own = await scimOver(two.origin, tokenB, 'POST', '/Users', {
          schemas: [USER],
          userName: 'alice@a.example',
        });
        assert.equal(own.status, 201);
        assert.notEqual(own.body.id, user.body.id);
        const still = await scimOver(two.origin, tokenA, 'GET', userPath);
        assert.equal(still.status, 200);
        assert.equal(still.body.active, true);
        assert.equal((await scimOver(one.origin, tokenA, 'GET', groupPath)).body.members.length, 1);
      });
    });
  }
});

/**
 * Runs `change` while both servers keep answering requests with `token`, so that each has
 * just looked the token up when the change commits: the change must still be in force on
 * the very next request, whatever the servers remember between lookups.
 */
async function whileInUse<T>(servers: readonly RunningServer[], token: string, change: () => Promise<T>): Promise<T> {
  let done = false;
  let served = 0;
  const use = async (server: RunningServer): Promise<void> => {
    while (!done) {
      if ((await scimOver(server.origin, token, 'GET', '/Users?count=1')).status === 200) served++;
    }
  };
  const users = servers.map(use);
  try {
    return await change();
  } finally {
    done = true;
    await Promise.all(users);
    assert.ok(served > servers.length, `the servers answered ${served} requests with the token during the change`);
  }
}
