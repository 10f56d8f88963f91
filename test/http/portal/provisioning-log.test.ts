import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { escapeHtml } from '../../../src/http/portal/html.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';
import { linkTo, rowsOf } from '../../helpers/table-rows.ts';

const PAGE = '/admin/identity/provisioning-log';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const TIME = /<time datetime="([^"]+)"/g;
/** Cells of a row: time, IdP, request, status, duration, resource, detail. */
const [IDP, REQUEST, STATUS, DURATION, RESOURCE, DETAIL] = [1, 2, 3, 4, 5, 6] as const;

for (const dialect of await dialects()) {
  describe(`Provisioning log page (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    let viewer: PortalAgent;
    let entra: { secret: string };
    let okta: { secret: string };
    let janeId: string;
    let badFilterDetail: string;

    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
      viewer = await p.signIn('viewer');
      const { tokens } = p.roster;
      entra = await tokens.issue(p.tenantId, await tokens.ensureConnection(p.tenantId, 'entra'));
      okta = await tokens.issue(p.tenantId, await tokens.ensureConnection(p.tenantId, 'okta'));
      const created = await p.scim(entra.secret, 'POST', '/Users', {
        schemas: [USER],
        userName: 'jane@example.com',
        shoeSize: 42,
      });
      assert.equal(created.status, 201);
      janeId = created.body.id;
      assert.equal(
        (await p.scim(entra.secret, 'POST', '/Users', { schemas: [USER], userName: 'JANE@example.com' })).status,
        409,
      );
      const bad = await p.scim(entra.secret, 'GET', `/Users?filter=${encodeURIComponent('userName zz "x"')}`);
      assert.equal(bad.status, 400);
      badFilterDetail = bad.body.detail;
      assert.equal(
        (await p.scim(okta.secret, 'POST', '/Users', { schemas: [USER], userName: 'okta.user@example.com' })).status,
        201,
      );
      await p.roster.provisioningLog.flush();
    });
    after(() => p.close());

    it('should show the SCIM requests newest first: time, IdP, request, status, duration, resource and detail', async () => {
      const res = await owner.get(PAGE);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      const rows = rowsOf(res.body);
      const entries = (await p.roster.provisioningLog.query({ tenantId: p.tenantId })).entries;
      assert.equal(rows.length, 4);
      assert.deepEqual(
        [...res.body.matchAll(TIME)].map((m) => m[1]),
        entries.map((e) => e.at),
      );
      const [oktaPost, badFilter, conflict, created] = rows;
      assert.equal(oktaPost?.[IDP], 'Okta');
      assert.equal(oktaPost?.[REQUEST], `POST /scim/v2/Users Request id ${entries[0]?.requestId}`);
      assert.match(entries[0]?.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(created?.[IDP], 'Microsoft Entra ID');
      assert.equal(created?.[STATUS], '201');
      assert.match(created?.[DURATION] ?? '', /^[\d.,]+ ms$/);
      assert.equal(created?.[RESOURCE], `User jane@example.com ${janeId}`);
      assert.equal(created?.[DETAIL], 'Ignored: shoeSize');
      assert.equal(conflict?.[STATUS], '409 uniqueness');
      assert.ok(conflict?.[DETAIL]?.length, 'the conflict says why');
      assert.equal(
        badFilter?.[REQUEST],
        `GET /scim/v2/Users?filter=${encodeURIComponent('userName zz "x"')} Request id ${entries[1]?.requestId}`,
      );
      assert.equal(badFilter?.[STATUS], '400 invalidFilter');
    });

    it("should show a failed request's error detail in full, as the client got it", async () => {
      const res = await owner.get(`${PAGE}?status=errors`);
      const row = rowsOf(res.body).find((r) => r[STATUS] === '400 invalidFilter');
      assert.ok(badFilterDetail.length > 0);
      assert.ok(row?.[DETAIL]?.includes(badFilterDetail), row?.[DETAIL]);
      // A long detail folds behind its start, and opens to the whole text.
      const google = await p.roster.tokens.issue(
        p.tenantId,
        await p.roster.tokens.ensureConnection(p.tenantId, 'google'),
      );
      const long = await p.scim(google.secret, 'GET', `/Users?filter=${'a'.repeat(180)}%20eq%20%22x%22`);
      assert.equal(long.status, 400);
      await p.roster.provisioningLog.flush();
      const page = (await owner.get(`${PAGE}?idp=google`)).body;
      const detail: string = long.body.detail;
      assert.ok(
        page.includes(
          `<details class="log-detail"><summary>${escapeHtml(detail.slice(0, 100))}…</summary><p>${escapeHtml(detail)}</p></details>`,
        ),
      );
    });

    it('should hide the successful requests when errors only is chosen', async () => {
      const res = await owner.get(`${PAGE}?status=errors&idp=entra&text=`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        rowsOf(res.body).map((r) => r[STATUS]),
        ['400 invalidFilter', '409 uniqueness'],
      );
      assert.ok(res.body.includes('<option value="errors" selected>'), 'the form keeps the choice');
    });

    it('should find the requests about a userName with the text filter', async () => {
      const rows = rowsOf((await owner.get(`${PAGE}?text=${encodeURIComponent('Jane@')}`)).body);
      // The conflict's detail names the userName it refused.
      assert.deepEqual(
        rows.map((r) => r[STATUS]),
        ['409 uniqueness', '201'],
      );
      assert.match(rows[0]?.[DETAIL] ?? '', /jane@example\.com/i);
      assert.equal(rows[1]?.[RESOURCE], `User jane@example.com ${janeId}`);
      assert.deepEqual(
        rowsOf((await owner.get(`${PAGE}?text=okta.user`)).body).map((r) => r[IDP]),
        ['Okta'],
      );
      const none = await owner.get(`${PAGE}?text=nobody-has-this`);
      assert.ok(none.body.includes('No SCIM requests match these filters.'));
    });

    it('should narrow by IdP', async () => {
      const okta = rowsOf((await owner.get(`${PAGE}?idp=okta`)).body);
      assert.deepEqual(
        okta.map((r) => r[IDP]),
        ['Okta'],
      );
      const entra = rowsOf((await owner.get(`${PAGE}?idp=entra`)).body);
      assert.deepEqual(
        entra.map((r) => r[IDP]),
        ['Microsoft Entra ID', 'Microsoft Entra ID', 'Microsoft Entra ID'],
      );
    });

    it('should page 50 requests at a time with an Older link, and a Newest link back', async () => {
      const { tokens } = p.roster;
      const keycloak = await tokens.issue(p.tenantId, await tokens.ensureConnection(p.tenantId, 'keycloak'));
      for (let i = 0; i < 60; i++) await p.scim(keycloak.secret, 'GET', `/Users/missing-${i}`);
      await p.roster.provisioningLog.flush();
      const expected = (
        await p.roster.provisioningLog.query({ tenantId: p.tenantId, idpKind: 'keycloak', limit: 1000 })
      ).entries.map((e) => e.at);
      assert.equal(expected.length, 60);
      const first = await owner.get(`${PAGE}?idp=keycloak&status=errors`);
      assert.equal(rowsOf(first.body).length, 50);
      assert.equal(linkTo(first.body, 'Newest'), undefined);
      const older = linkTo(first.body, 'Older');
      assert.ok(older?.startsWith(`${PAGE}?idp=keycloak&status=errors&cursor=`), older);
      const second = await owner.get(older ?? '');
      assert.equal(rowsOf(second.body).length, 10);
      assert.equal(linkTo(second.body, 'Older'), undefined);
      assert.equal(linkTo(second.body, 'Newest'), `${PAGE}?idp=keycloak&status=errors`);
      const shown = [first, second].flatMap((res) => [...res.body.matchAll(TIME)].map((m) => m[1]));
      assert.deepEqual(shown, expected, 'both pages together hold every request once, newest first');
    });

    it('should never show a token secret, even one a client put in the URL', async () => {
      await p.scim(entra.secret, 'GET', `/Users?access_token=${entra.secret}`);
      await p.roster.provisioningLog.flush();
      const res = await owner.get(`${PAGE}?idp=entra`);
      assert.ok(res.body.includes('/scim/v2/Users?access_token='));
      for (const secret of [entra.secret, okta.secret]) {
        assert.ok(!res.body.includes(secret) && !res.body.includes(secret.slice(4)), 'no secret on the page');
      }
    });

    it('should show what an IdP sent as text, never as markup', async () => {
      const res = await p.scim(okta.secret, 'POST', '/Users', {
        schemas: [USER],
        userName: '<script>alert(1)</script>',
        '<img src=x>': 1,
      });
      assert.equal(res.status, 201);
      await p.roster.provisioningLog.flush();
      const page = await owner.get(`${PAGE}?idp=okta`);
      assert.ok(page.body.includes('User &lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(page.body.includes('&lt;img src=x&gt;'));
      assert.ok(!page.body.includes('<script>alert') && !page.body.includes('<img src=x>'));
    });

    it('should answer bad filters with the page, a notice and status 400', async () => {
      for (const [query, notice] of [
        ['idp=myspace', 'There is no identity provider &quot;myspace&quot;.'],
        ['status=teapot', 'There is no status filter &quot;teapot&quot;.'],
        [`text=${'x'.repeat(201)}`, 'The search may have at most 200 characters.'],
        ['cursor=not-a-cursor', 'These filters cannot be used'],
      ] as const) {
        const res = await owner.get(`${PAGE}?${query}`);
        assert.equal(res.status, 400, query);
        assert.ok(res.body.includes('class="notice error"') && res.body.includes(notice), query);
        assert.ok(res.body.includes('<form method="get"'), 'the filters stay on the page');
      }
    });

    it('should speak French to a French browser', async () => {
      const res = await owner.get(`${PAGE}?text=jane`, { 'accept-language': 'fr' });
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('<html lang="fr">'));
      assert.ok(res.body.includes('Journal d&#39;approvisionnement'));
      assert.ok(res.body.includes('Erreurs seulement'));
      const created = rowsOf(res.body).find((r) => r[STATUS] === '201');
      assert.equal(created?.[RESOURCE], `Utilisateur jane@example.com ${janeId}`);
      assert.equal(created?.[DETAIL], 'Ignoré : shoeSize');
    });

    it('should let a viewer read the log', async () => {
      const res = await viewer.get(`${PAGE}?status=errors&idp=entra`);
      assert.equal(res.status, 200);
      assert.ok(rowsOf(res.body).some((r) => r[STATUS] === '409 uniqueness'));
    });

    it('should name the member ids a group write skipped, beside the attributes it ignored', async () => {
      const res = await p.scim(entra.secret, 'POST', '/Groups', {
        schemas: [
          'urn:ietf:params:scim:schemas:core:2.0:Group',
          'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
        ],
        displayName: 'Ghosts',
        members: [{ value: janeId }, { value: 'ghost-1' }],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await p.roster.provisioningLog.flush();
      const row = rowsOf((await owner.get(`${PAGE}?text=Ghosts`)).body)[0];
      assert.equal(row?.[STATUS], '201');
      assert.equal(
        row?.[DETAIL],
        'Ignored: schemas: http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group; members "ghost-1": skipped, no User or Group has this id',
      );
    });
  });
}
