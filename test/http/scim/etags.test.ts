import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { ERROR, GROUP, USER, createGroup, createUser, memberIds, patchOf } from '../../helpers/scim-fixtures.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

const WEAK_TAG = /^W\/"\d+"$/;

for (const dialect of await dialects()) {
  describe(`ETags (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(dialect);
    });
    after(() => s.close());

    const get = (path: string, headers?: Record<string, string>) => s.scim('GET', path, undefined, headers);

    it('sends an ETag equal to meta.version on POST, GET, PUT and PATCH of a user', async () => {
      const created = await s.scim('POST', '/Users', { schemas: [USER], userName: 'etag.user' });
      assert.match(created.headers.etag as string, WEAK_TAG);
      assert.equal(created.headers.etag, created.body.meta.version);
      const id = created.body.id as string;
      const got = await get(`/Users/${id}`);
      assert.equal(got.headers.etag, got.body.meta.version);
      assert.equal(got.headers.etag, created.headers.etag);
      const put = await s.scim('PUT', `/Users/${id}`, { schemas: [USER], userName: 'etag.user', title: 'T' });
      assert.equal(put.headers.etag, put.body.meta.version);
      assert.notEqual(put.headers.etag, got.headers.etag);
      const patched = await s.scim('PATCH', `/Users/${id}`, patchOf({ op: 'replace', path: 'title', value: 'U' }));
      assert.equal(patched.status, 200);
      assert.equal(patched.headers.etag, patched.body.meta.version);
      assert.notEqual(patched.headers.etag, put.headers.etag);
      assert.equal((await get(`/Users/${id}`)).headers.etag, patched.headers.etag);
    });

    it('sends an ETag equal to meta.version on POST, GET, PUT and PATCH of a group', async () => {
      const u = await createUser(s, 'etag.member');
      const created = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'ETag group' });
      assert.match(created.headers.etag as string, WEAK_TAG);
      assert.equal(created.headers.etag, created.body.meta.version);
      const id = created.body.id as string;
      const got = await get(`/Groups/${id}`);
      assert.equal(got.headers.etag, got.body.meta.version);
      const put = await s.scim('PUT', `/Groups/${id}`, {
        schemas: [GROUP],
        displayName: 'ETag group 2',
        members: [{ value: u }],
      });
      assert.equal(put.headers.etag, put.body.meta.version);
      assert.notEqual(put.headers.etag, got.headers.etag);
      const patched = await s.scim('PATCH', `/Groups/${id}`, patchOf({ op: 'remove', path: 'members' }));
      assert.equal(patched.status, 204);
      assert.notEqual(patched.headers.etag, put.headers.etag);
      const again = await get(`/Groups/${id}`);
      assert.equal(again.headers.etag, patched.headers.etag);
      assert.equal(again.body.meta.version, patched.headers.etag);
      const shown = await s.scim(
        'PATCH',
        `/Groups/${id}?attributes=displayName`,
        patchOf({ op: 'replace', path: 'displayName', value: 'ETag group 3' }),
      );
      assert.equal(shown.status, 200);
      assert.equal(shown.headers.etag, shown.body.meta?.version ?? (await get(`/Groups/${id}`)).body.meta.version);
    });

    for (const type of ['Users', 'Groups'] as const) {
      const create = (s: TestServer, name: string) => (type === 'Users' ? createUser(s, name) : createGroup(s, name));

      it(`answers a ${type} GET with If-None-Match naming the current version with 304 and no body`, async () => {
        const id = await create(s, `inm.${type}`);
        const first = await get(`/${type}/${id}`);
        const cached = await get(`/${type}/${id}`, { 'if-none-match': first.headers.etag as string });
        assert.equal(cached.status, 304);
        assert.equal(cached.raw.body, '');
        assert.equal(cached.headers.etag, first.headers.etag);
        const listed = await get(`/${type}/${id}`, { 'if-none-match': `W/"999999", ${first.headers.etag}` });
        assert.equal(listed.status, 304, 'a tag in a list matches');
        const star = await get(`/${type}/${id}`, { 'if-none-match': '*' });
        assert.equal(star.status, 304);
      });

      it(`answers a ${type} GET with a stale If-None-Match with 200 and the resource`, async () => {
        const id = await create(s, `stale.${type}`);
        const first = await get(`/${type}/${id}`);
        const body =
          type === 'Users'
            ? patchOf({ op: 'replace', path: 'displayName', value: 'Changed' })
            : patchOf({ op: 'replace', path: 'displayName', value: 'Changed group' });
        await s.scim('PATCH', `/${type}/${id}`, body);
        const fresh = await get(`/${type}/${id}`, { 'if-none-match': first.headers.etag as string });
        assert.equal(fresh.status, 200);
        assert.equal(fresh.body.id, id);
        assert.notEqual(fresh.headers.etag, first.headers.etag);
        assert.equal(fresh.headers.etag, fresh.body.meta.version);
      });

      it(`refuses a ${type} PUT, PATCH or DELETE with a stale If-Match: 412, nothing changed`, async () => {
        const id = await create(s, `im.${type}`);
        const v1 = (await get(`/${type}/${id}`)).headers.etag as string;
        const rename = (name: string) =>
          type === 'Users'
            ? patchOf({ op: 'replace', path: 'displayName', value: name })
            : patchOf({ op: 'replace', path: 'displayName', value: name });
        assert.ok((await s.scim('PATCH', `/${type}/${id}`, rename('Second'))).status < 300);
        const current = await get(`/${type}/${id}`);
        const putBody =
          type === 'Users'
            ? { schemas: [USER], userName: `im.${type}`, displayName: 'Third' }
            : { schemas: [GROUP], displayName: 'Third' };
        for (const [method, body] of [
          ['PATCH', rename('Third')],
          ['PUT', putBody],
          ['DELETE', undefined],
        ] as const) {
          for (const tag of [v1, 'W/"999999"', 'garbage']) {
            const res = await s.scim(method, `/${type}/${id}`, body, { 'if-match': tag });
            assert.equal(res.status, 412, `${method} with ${tag}`);
            assert.deepEqual(res.body.schemas, [ERROR]);
            assert.equal(res.body.status, '412');
            assert.ok(res.body.detail.length > 0);
          }
        }
        const after = await get(`/${type}/${id}`);
        assert.deepEqual(after.body, current.body, 'nothing changed');
        assert.equal(after.headers.etag, current.headers.etag);
      });

      it(`accepts a ${type} write whose If-Match names the current version, or *`, async () => {
        const id = await create(s, `ok.${type}`);
        const v1 = (await get(`/${type}/${id}`)).headers.etag as string;
        const first = await s.scim(
          'PATCH',
          `/${type}/${id}`,
          patchOf({ op: 'replace', path: 'displayName', value: 'One' }),
          { 'if-match': v1 },
        );
        assert.equal(first.status, type === 'Users' ? 200 : 204, JSON.stringify(first.body));
        const v2 = first.headers.etag as string;
        assert.notEqual(v2, v1);
        const strong = v2.replace(/^W\//, '');
        const listed = await s.scim(
          'PATCH',
          `/${type}/${id}`,
          patchOf({ op: 'replace', path: 'displayName', value: 'Two' }),
          { 'if-match': `W/"1234567", ${strong}` },
        );
        assert.ok(listed.status < 300, 'a tag in a list, weak or not, matches');
        const putBody =
          type === 'Users'
            ? { schemas: [USER], userName: `ok.${type}`, displayName: 'Three' }
            : { schemas: [GROUP], displayName: 'Three' };
        const v3 = listed.headers.etag as string;
        const put = await s.scim('PUT', `/${type}/${id}`, putBody, { 'if-match': v3 });
        assert.equal(put.status, 200, JSON.stringify(put.body));
        const star = await s.scim(
          'PATCH',
          `/${type}/${id}`,
          patchOf({ op: 'replace', path: 'displayName', value: 'Four' }),
          { 'if-match': '*' },
        );
        assert.ok(star.status < 300);
        assert.equal((await get(`/${type}/${id}`)).body.displayName, 'Four');
        const current = (await get(`/${type}/${id}`)).headers.etag as string;
        const del = await s.scim('DELETE', `/${type}/${id}`, undefined, { 'if-match': current });
        assert.equal(del.status, 204);
        assert.equal((await get(`/${type}/${id}`)).status, 404);
        const star404 = await s.scim('DELETE', `/${type}/${id}`, undefined, { 'if-match': '*' });
        assert.equal(star404.status, 404);
      });
    }

    it('keeps a DELETE with a stale If-Match from deleting: 412 and the group remains', async () => {
      const u = await createUser(s, 'remains.member');
      const g = await createGroup(s, 'Remains', [u]);
      const stale = (await get(`/Groups/${g}`)).headers.etag as string;
      await s.scim('PATCH', `/Groups/${g}`, patchOf({ op: 'remove', path: 'members' }));
      const res = await s.scim('DELETE', `/Groups/${g}`, undefined, { 'if-match': stale });
      assert.equal(res.status, 412);
      assert.equal(res.body.status, '412');
      assert.equal((await get(`/Groups/${g}`)).status, 200);
    });

    it('applies a member PATCH without If-Match although another client changed the group', async () => {
      const [a, b] = [await createUser(s, 'other.a'), await createUser(s, 'other.b')];
      const g = await createGroup(s, 'Other client', [a]);
      const seen = (await get(`/Groups/${g}`)).headers.etag as string;
      const other = await s.scim(
        'PATCH',
        `/Groups/${g}`,
        patchOf({ op: 'replace', path: 'displayName', value: 'Renamed by other' }),
      );
      assert.equal(other.status, 204);
      const mine = await s.scim(
        'PATCH',
        `/Groups/${g}`,
        patchOf({ op: 'add', path: 'members', value: [{ value: b }] }),
      );
      assert.equal(mine.status, 204);
      const got = await get(`/Groups/${g}`);
      assert.equal(got.body.displayName, 'Renamed by other');
      assert.deepEqual(await memberIds(s, g), [a, b].sort());
      assert.notEqual(got.headers.etag, seen);
      const pinned = await s.scim(
        'PATCH',
        `/Groups/${g}`,
        patchOf({ op: 'add', path: 'members', value: [{ value: b }] }),
        { 'if-match': seen },
      );
      assert.equal(pinned.status, 412, 'the same change pinned to the old version is refused');
    });

    it('gives every write of a group a new version, members-only changes too', async () => {
      const u = await createUser(s, 'versions.member');
      const g = await createGroup(s, 'Versions');
      const tags = [(await get(`/Groups/${g}`)).headers.etag];
      tags.push(
        (await s.scim('PATCH', `/Groups/${g}`, patchOf({ op: 'add', path: 'members', value: [{ value: u }] }))).headers
          .etag,
      );
      tags.push(
        (await s.scim('PATCH', `/Groups/${g}`, patchOf({ op: 'remove', path: `members[value eq "${u}"]` }))).headers
          .etag,
      );
      tags.push((await s.scim('PUT', `/Groups/${g}`, { schemas: [GROUP], displayName: 'Versions 2' })).headers.etag);
      assert.equal(new Set(tags).size, tags.length, JSON.stringify(tags));
      assert.ok(tags.every((t) => WEAK_TAG.test(String(t))));
      // RFC 7644 3.5.2.1: a change that changes nothing keeps the version (and lastModified).
      const before = await get(`/Groups/${g}`);
      const same = await s.scim('PUT', `/Groups/${g}`, { schemas: [GROUP], displayName: 'Versions 2' });
      assert.equal(same.headers.etag, before.headers.etag);
      const removeNone = await s.scim(
        'PATCH',
        `/Groups/${g}`,
        patchOf({ op: 'remove', path: `members[value eq "${u}"]` }),
      );
      assert.equal(removeNone.status, 204);
      assert.equal(removeNone.headers.etag, before.headers.etag);
      assert.equal((await get(`/Groups/${g}`)).body.meta.lastModified, before.body.meta.lastModified);
    });
  });
}
