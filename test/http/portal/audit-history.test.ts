import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AUDIT_CSV_HEADER } from '../../../src/audit/audit-csv.ts';
import type { Actor } from '../../../src/audit/actor.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';
import { linkTo, rowsOf } from '../../helpers/table-rows.ts';

const PAGE = '/admin/identity/audit-history';
const CSV = '/admin/identity/audit-history.csv';
const DAY = 86_400_000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const TIME = /<time datetime="([^"]+)"/g;

for (const dialect of await dialects()) {
  describe(`Audit History page (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    let viewer: PortalAgent;
    let actor: Actor;
    let entraHint: string;
    let renewedHint: string;

    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
      viewer = await p.signIn('viewer');
      actor = { kind: 'admin', email: owner.email };
      const { tokens } = p.roster;
      const entra = await tokens.issue(p.tenantId, await tokens.ensureConnection(p.tenantId, 'entra', { actor }), {
        name: 'entra-main',
        actor,
      });
      entraHint = entra.secret.slice(-4);
      await tokens.deactivate(p.tenantId, entra.id, actor);
      renewedHint = (await tokens.renew(p.tenantId, entra.id, actor)).secret.slice(-4);
      const okta = await tokens.ensureConnection(p.tenantId, 'okta', { name: 'Okta <script>alert(1)</script>', actor });
      await tokens.issue(p.tenantId, okta, { name: '<script>x</script>', actor });
    });
    after(() => p.close());

    it('should list the events newest first: time, readable event, actor, and details naming the IdP', async () => {
      const res = await owner.get(PAGE);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      const rows = rowsOf(res.body);
      const events = (await p.roster.audit.list({ tenantId: p.tenantId })).events;
      assert.equal(rows.length, events.length);
      assert.deepEqual(
        [...res.body.matchAll(TIME)].map((m) => m[1]),
        events.map((e) => e.at),
      );
      const renewed = rows.find((r) => r[1] === 'SCIM token renewed');
      assert.ok(renewed, 'the renewal is listed');
      assert.equal(renewed[2], owner.email);
      assert.equal(renewed[3], `Microsoft Entra ID · token entra-main (…${entraHint} → …${renewedHint})`);
      assert.match(renewed[0] ?? '', /\d{4}.*UTC$/);
      const created = rows.find((r) => r[1] === 'SCIM token created' && r[3]?.startsWith('Microsoft Entra ID'));
      assert.equal(created?.[3], `Microsoft Entra ID · token entra-main (…${entraHint})`);
      assert.equal(
        rows.find((r) => r[1] === 'SCIM token set inactive')?.[3],
        `Microsoft Entra ID · token entra-main (…${entraHint})`,
      );
      assert.equal(
        rows.find((r) => r[1] === 'IdP connection created' && r[3]?.startsWith('Okta'))?.[3],
        'Okta · connection “Okta <script>alert(1)</script>”',
      );
      const signIn = rows.find((r) => r[1] === 'Administrator signed in' && r[2] === owner.email);
      assert.match(
        signIn?.[3] ?? '',
        new RegExp(`^account ${owner.email.replace(/\./g, '\\.')} · from 127\\.0\\.0\\.1 Request id [0-9a-f-]{36}$`),
      );
    });

    it('should narrow by event type, IdP, actor and day, the end day included', async () => {
      const rowsFor = async (query: string) => {
        const res = await owner.get(`${PAGE}?${query}`);
        assert.equal(res.status, 200, query);
        return rowsOf(res.body);
      };
      const renewed = await rowsFor('type=token.renewed&idp=all');
      assert.deepEqual(
        renewed.map((r) => r[1]),
        ['SCIM token renewed'],
      );
      const okta = await rowsFor('idp=okta');
      assert.deepEqual(
        okta.map((r) => r[1]),
        ['SCIM token created', 'IdP connection created'],
      );
      assert.ok(okta.every((r) => r[3]?.startsWith('Okta · ')));
      const byOwner = await rowsFor(`actor=${encodeURIComponent(owner.email)}`);
      assert.ok(byOwner.length >= 7 && byOwner.every((r) => r[2] === owner.email));
      assert.ok((await rowsFor('actor=cli')).every((r) => r[2]?.startsWith('Command line')));
      const events = (await p.roster.audit.list({ tenantId: p.tenantId })).events;
      // The days the events fall on, so the test holds across midnight.
      const first = events.at(-1)!.at.slice(0, 10);
      const last = events[0]!.at.slice(0, 10);
      const shift = (d: string, days: number) => new Date(Date.parse(d) + days * DAY).toISOString().slice(0, 10);
      assert.equal((await rowsFor(`from=${first}&to=${last}`)).length, events.length);
      assert.equal((await rowsFor(`from=${shift(last, 1)}`)).length, 0);
      assert.equal((await rowsFor(`to=${shift(first, -1)}`)).length, 0);
      const none = await owner.get(`${PAGE}?from=${day(1)}`);
      assert.ok(none.body.includes('No audit events match these filters.'));
      assert.ok(none.body.includes(`name="from" value="${day(1)}"`), 'the form keeps the filter');
    });

    it('should describe connection and attribute changes in words', async () => {
      const { connections, attributes, tokens } = p.roster;
      const ping = await tokens.ensureConnection(p.tenantId, 'ping', { actor });
      await tokens.issue(p.tenantId, ping, { name: 'ping-a', actor });
      await connections.rename(p.tenantId, ping, 'Ping (prod)', actor);
      await connections.delete(p.tenantId, ping, actor);
      await attributes.define(
        p.tenantId,
        { name: 'badge', type: 'string', required: true, description: 'Door badge' },
        actor,
      );
      await attributes.update(p.tenantId, 'badge', { required: false, description: 'Badge' }, actor);
      await attributes.remove(p.tenantId, 'badge', actor);
      const detailOf = async (type: string, locale = 'en') => {
        const res = await owner.get(`${PAGE}?type=${type}`, { 'accept-language': locale });
        return rowsOf(res.body)[0]?.[3];
      };
      assert.equal(
        await detailOf('connection.renamed'),
        'Ping Identity · connection “Ping (prod)”, formerly “Ping Identity”',
      );
      assert.match(
        (await detailOf('connection.deleted')) ?? '',
        /^Ping Identity · connection “Ping \(prod\)” · tokens deleted: ping-a \(…[\w-]{4}\)$/,
      );
      assert.equal(await detailOf('attribute.defined'), 'attribute badge · string, required, readWrite, “Door badge”');
      assert.equal(
        await detailOf('attribute.changed'),
        'attribute badge · required: yes → no · description: “Door badge” → “Badge”',
      );
      assert.equal(
        await detailOf('attribute.changed', 'fr'),
        'attribut badge · obligatoire : oui → non · description : “Door badge” → “Badge”',
      );
      assert.equal(
        await detailOf('attribute.removed'),
        'attribute badge · string, readWrite, “Badge” · values removed from 0 users',
      );
    });

    it('should page 50 events at a time with an Older link, and a Newest link back', async () => {
      const { tokens } = p.roster;
      const token = await tokens.issue(p.tenantId, await tokens.ensureConnection(p.tenantId, 'keycloak'), {
        name: 'kc',
      });
      for (let i = 0; i < 30; i++) {
        await tokens.deactivate(p.tenantId, token.id, actor);
        await tokens.activate(p.tenantId, token.id, actor);
      }
      const expected = (
        await p.roster.audit.list({ tenantId: p.tenantId, idpKind: 'keycloak', limit: 1000 })
      ).events.map((e) => e.at);
      assert.equal(expected.length, 62);
      const first = await owner.get(`${PAGE}?idp=keycloak`);
      assert.equal(rowsOf(first.body).length, 50);
      assert.equal(linkTo(first.body, 'Newest'), undefined);
      const older = linkTo(first.body, 'Older');
      assert.ok(older?.startsWith(`${PAGE}?idp=keycloak&cursor=`), older);
      const second = await owner.get(older ?? '');
      assert.equal(second.status, 200);
      assert.equal(rowsOf(second.body).length, 12);
      assert.equal(linkTo(second.body, 'Older'), undefined);
      assert.equal(linkTo(second.body, 'Newest'), `${PAGE}?idp=keycloak`);
      const shown = [first, second].flatMap((res) => [...res.body.matchAll(TIME)].map((m) => m[1]));
      assert.deepEqual(shown, expected, 'both pages together hold every event once, newest first');
    });

    it('should download the events as CSV with the same filters, one line per event', async () => {
      const page = await owner.get(`${PAGE}?type=token.created&idp=okta`);
      assert.equal(linkTo(page.body, 'Download CSV'), `${CSV}?type=token.created&idp=okta`);
      const res = await owner.get(`${CSV}?type=token.created&idp=okta`);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(
        String(res.headers['content-disposition']),
        /^attachment; filename="audit-history-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const lines = res.body.split('\r\n').slice(0, -1);
      assert.equal(`${lines[0]}\r\n`, AUDIT_CSV_HEADER);
      assert.equal(lines.length, 2);
      assert.match(lines[1] ?? '', /,token\.created,admin:[^,]+,token,[^,]+,okta,Okta,/);
      const everything = await owner.get(CSV);
      const total = (await p.roster.audit.list({ tenantId: p.tenantId, limit: 1000 })).events.length;
      assert.equal(everything.body.split('\r\n').length - 2, total);
      assert.equal((await owner.get(`${CSV}?from=${day(1)}`)).body, AUDIT_CSV_HEADER);
    });

    it('should answer bad filters with the page, a notice and status 400', async () => {
      for (const [query, notice] of [
        ['from=2026-13-45', 'The start date &quot;2026-13-45&quot; is not a date'],
        ['to=yesterday', 'The end date &quot;yesterday&quot; is not a date'],
        [`from=${day(0)}&to=${day(-2)}`, 'The end date is before the start date.'],
        ['type=token.stolen', 'There is no event type &quot;token.stolen&quot;.'],
        ['idp=myspace', 'There is no identity provider &quot;myspace&quot;.'],
        ['cursor=not-a-cursor', 'These filters cannot be used'],
      ] as const) {
        const res = await owner.get(`${PAGE}?${query}`);
        assert.equal(res.status, 400, query);
        assert.ok(res.body.includes('class="notice error"') && res.body.includes(notice), query);
        assert.ok(res.body.includes('<form method="get"'), 'the filters stay on the page');
      }
      const csv = await owner.get(`${CSV}?from=2026-02-30`);
      assert.equal(csv.status, 400);
      assert.match(String(csv.headers['content-type']), /^text\/html/);
      assert.ok(csv.body.includes('The start date &quot;2026-02-30&quot; is not a date'));
    });

    it('should speak French to a French browser', async () => {
      const res = await owner.get(`${PAGE}?idp=entra`, { 'accept-language': 'fr-FR,fr;q=0.9' });
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('<html lang="fr">'));
      assert.ok(res.body.includes('Historique d&#39;audit'));
      assert.ok(res.body.includes('Télécharger le CSV'));
      const renewed = rowsOf(res.body).find((r) => r[1] === 'Jeton SCIM renouvelé');
      assert.equal(renewed?.[3], `Microsoft Entra ID · jeton entra-main (…${entraHint} → …${renewedHint})`);
      const bad = await owner.get(`${PAGE}?type=nope`, { 'accept-language': 'fr' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.includes('Le type d&#39;événement « nope » n&#39;existe pas.'));
    });

    it('should show names from outside as text, never as markup', async () => {
      const res = await owner.get(`${PAGE}?idp=okta`);
      assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(res.body.includes('token &lt;script&gt;x&lt;/script&gt;'));
      assert.ok(!res.body.includes('<script>alert') && !res.body.includes('<script>x'));
    });

    it('should let a viewer read the history and download it', async () => {
      const page = await viewer.get(`${PAGE}?idp=entra`);
      assert.equal(page.status, 200);
      assert.ok(rowsOf(page.body).some((r) => r[1] === 'SCIM token renewed'));
      const csv = await viewer.get(`${CSV}?idp=entra`);
      assert.equal(csv.status, 200);
      assert.equal(csv.body.split('\r\n').length - 2, 4);
    });

    it('should send a signed-out visitor to sign in', async () => {
      for (const path of [PAGE, CSV]) {
        const res = await p.anonymous().get(path);
        assert.equal(res.status, 303, path);
        assert.match(String(res.headers.location), /^\/admin\/sign-in/);
      }
    });
  });
}
