import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { api, appToken } from '../../helpers/feed.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const USERS = 1500;

const lines = (text: string): any[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

for (const dialect of await dialects()) {
  describe(`GET /api/v1/snapshot (${dialect})`, () => {
    let s: TestServer;
    let token: string;
    let staff: any;
    before(async () => {
      s = await startServer(dialect);
      token = await appToken(s.roster, s.tenantId, 'mirror');
      for (let start = 0; start < USERS; start += 1000) {
        const Operations = Array.from({ length: Math.min(1000, USERS - start) }, (_, i) => ({
          method: 'POST',
          path: '/Users',
          bulkId: `u${start + i}`,
          data: {
            schemas: [USER],
            userName: `user${String(start + i).padStart(5, '0')}`,
            displayName: 'x'.repeat(200),
          },
        }));
        const res = await s.scim('POST', '/Bulk', { schemas: [BULK], Operations });
        assert.equal(res.status, 200);
      }
      const some = (await s.scim('GET', '/Users?count=3&filter=userName%20sw%20%22user0000%22')).body.Resources;
      staff = (
        await s.scim('POST', '/Groups', {
          schemas: [GROUP],
          displayName: 'staff',
          members: some.map((u: any) => ({ value: u.id })),
        })
      ).body;
      await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'all-staff', members: [{ value: staff.id }] });
    });
    after(() => s.close());

    it('should need both directory:read and events:read', async () => {
      for (const scopes of ['events:read', 'directory:read']) {
        const res = await api(s.app, await appToken(s.roster, s.tenantId, `only ${scopes}`, scopes), '/snapshot');
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, 'forbidden');
      }
      assert.equal((await api(s.app, undefined, '/snapshot')).status, 401);
      assert.equal((await api(s.app, s.token, '/snapshot')).status, 403);
    });

    it('should stream the cursor, every user and group as SCIM returns them, and an end line', async () => {
      const res = await api(s.app, token, '/snapshot');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
      const all = lines(res.text);
      assert.equal(all[0].type, 'snapshot');
      assert.equal(typeof all[0].cursor, 'string');
      assert.deepEqual(all.at(-1), { type: 'end', users: USERS, groups: 2 });
      const users = all.filter((l) => l.type === 'user').map((l) => l.resource);
      const groups = all.filter((l) => l.type === 'group').map((l) => l.resource);
      assert.equal(users.length, USERS);
      assert.equal(groups.length, 2);
      // Exactly what SCIM answers for the same resources.
      const member = users.find((u) => u.userName === 'user00000');
      assert.deepEqual(member, (await s.scim('GET', `/Users/${member.id}`)).body);
      const group = groups.find((g) => g.id === staff.id);
      assert.deepEqual(group, (await s.scim('GET', `/Groups/${staff.id}`)).body);
      assert.equal(group.members.length, 3);
      // The cursor reads the feed on from the snapshot's point.
      const feed = await api(s.app, token, `/events?after=${all[0].cursor}`);
      assert.equal(feed.status, 200);
      assert.deepEqual(feed.body.data, []);
    });

    it('should be of one point while writes go on, without holding them up', async () => {
      await s.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = s.app.server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/snapshot`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const reader = res.body!.getReader();
      const first = await reader.read();
      const head = JSON.parse(new TextDecoder().decode(first.value).split('\n')[0]!);
      // The client reads nothing more for now: the snapshot waits, its view open.
      const began = Date.now();
      const late = await s.scim('POST', '/Users', { schemas: [USER], userName: 'late.arrival' });
      assert.equal(late.status, 201);
      assert.ok(Date.now() - began < 5_000, 'a write is not held up by a snapshot being read');
      let text = new TextDecoder().decode(first.value);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const all = lines(text);
      assert.deepEqual(all.at(-1), { type: 'end', users: USERS, groups: 2 });
      assert.ok(!text.includes('late.arrival'), 'the snapshot holds what was committed when it began');
      // What came later is in the feed after the snapshot's cursor.
      const feed = await api(s.app, token, `/events?after=${head.cursor}&types=user.created`);
      assert.equal(feed.status, 200);
      assert.deepEqual(
        feed.body.data.map((e: any) => e.data.userName),
        ['late.arrival'],
      );
    });
  });
}
