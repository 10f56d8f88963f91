import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { userNameKeyMigration } from '../../../src/store/migrations/0010-user-name-key.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { dialects } from '../../helpers/dialects.ts';
import { USER } from '../../helpers/scim-fixtures.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

/** The pairs of docs/scim.md: each `[first, second, conflicts]`. */
const PAIRS: Array<[string, string, boolean]> = [
  ['STRASSE', 'straße', true],
  ['Straße', 'STRASSE@example.com'.slice(0, 7), true],
  ['caf\u00e9', 'cafe\u0301', true],
  ['CAF\u00c9', 'cafe\u0301', true],
  ['ＪＯＥ', 'joe', true],
  ['ﬁnn', 'FINN', true],
  ['I', 'i', true],
  ['ı', 'i', true],
  ['İ', 'i\u0307', true],
  ['İ', 'i', false],
  ['ǅ', 'Ǆ', true],
  ['ο', 'o', false],
];

const post = (s: TestServer, userName: string) => s.scim('POST', '/Users', { schemas: [USER], userName });
const find = (s: TestServer, userName: string) =>
  s.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify(userName)}`)}`);

for (const dialect of await dialects()) {
  describe(`userName uniqueness after NFC and case folding (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    for (const [first, second, conflicts] of PAIRS) {
      it(`should ${conflicts ? 'refuse' : 'take'} ${JSON.stringify(second)} beside ${JSON.stringify(first)}`, async () => {
        const a = await post(s, first);
        assert.equal(a.status, 201, a.raw.body);
        assert.equal(a.body.userName, first, 'stored as sent');
        const b = await post(s, second);
        if (conflicts) {
          assert.equal(b.status, 409, b.raw.body);
          assert.equal(b.body.scimType, 'uniqueness');
          const found = await find(s, second);
          assert.deepEqual(
            found.body.Resources.map((r: { id: string }) => r.id),
            [a.body.id],
            '`userName eq` finds the same user',
          );
        } else {
          assert.equal(b.status, 201, b.raw.body);
          assert.equal((await s.scim('DELETE', `/Users/${b.body.id}`)).status, 204);
        }
        assert.equal((await s.scim('DELETE', `/Users/${a.body.id}`)).status, 204);
      });
    }

    it('should refuse a rename onto a folded twin, by PUT and by PATCH', async () => {
      const a = await post(s, 'Weiß');
      const b = await post(s, 'other');
      const put = await s.scim('PUT', `/Users/${b.body.id}`, { schemas: [USER], userName: 'WEISS' });
      assert.equal(put.status, 409);
      const patch = await s.scim('PATCH', `/Users/${b.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'userName', value: 'weiss' }],
      });
      assert.equal(patch.status, 409);
      assert.equal(
        (await s.scim('PUT', `/Users/${a.body.id}`, { schemas: [USER], userName: 'WEISS' })).status,
        200,
        'a user may change its own case',
      );
      const sw = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName sw "weiß"')}`);
      assert.equal(sw.body.totalResults, 1);
    });

    it('should recompute the keys of users stored before, keeping both of a pair that now conflicts', async () => {
      const ids: Record<string, string> = {};
      // STRASSE is created as another name first: today its twin could not be created.
      for (const name of ['Müller', 'STRASSE-', 'straße', 'cafe\u0301']) ids[name] = (await post(s, name)).body.id;
      // The keys as Roster computed them before migration 0010: toLowerCase() alone.
      // Written directly: no API writes the keys of an older version.
      const store = openStore({ url: s.databaseUrl, poolSize: 1 });
      const db = store.db;
      await db.updateTable('users').set({ user_name: 'STRASSE' }).where('id', '=', ids['STRASSE-']!).execute();
      for (const [name, id] of Object.entries(ids).reverse()) {
        await db
          .updateTable('users')
          .set({ user_name_lower: name.replace(/-$/, '').toLowerCase() })
          .where('id', '=', id)
          .execute();
      }
      // Migration 0010 run again on those rows, as on a database upgraded from before it
      // (its record is left alone: later migrations are recorded after it).
      await userNameKeyMigration.up(db);
      await store.close();
      assert.equal((await post(s, 'café')).status, 409, 'NFC meets the NFD user stored before');
      assert.equal((await post(s, 'MÜLLER')).status, 409);
      assert.equal((await find(s, 'STRASSE')).body.totalResults, 1, 'the user holding the key keeps it');
      assert.equal((await s.scim('GET', `/Users/${ids['straße']}`)).status, 200, 'its twin is kept too');
    });
  });
}
