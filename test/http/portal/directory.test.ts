import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../../src/audit/actor.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';
import { linkTo, rowsOf, textOf } from '../../helpers/table-rows.ts';

const USERS = '/admin/directory/users';
const GROUPS = '/admin/directory/groups';
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const XSS = '<script>alert(1)</script>';

/** The ids the member links of a group page point to, in order. */
const memberIds = (page: string): string[] =>
  [...page.matchAll(/<td><code>([0-9a-f-]{36})<\/code><\/td>/g)].map(([, id = '']) => id);

/** The text of a section of a page, found by its heading's id. */
const sectionText = (page: string, headingId: string): string =>
  textOf(new RegExp(`<section aria-labelledby="${headingId}">([\\s\\S]*?)</section>`).exec(page)?.[1] ?? '');

for (const dialect of await dialects()) {
  describe(`Directory pages (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    let viewer: PortalAgent;
    let token: string;
    const ids: Record<string, string> = {};

    const provision = async (body: Record<string, unknown>): Promise<string> => {
      const res = await p.scim(token, 'POST', '/Users', { schemas: [CORE], ...body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };

    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
      viewer = await p.signIn('viewer');
      const actor: Actor = { kind: 'cli', user: 'test' };
      token = (
        await p.roster.tokens.issue(p.tenantId, await p.roster.tokens.ensureConnection(p.tenantId, 'okta', { actor }), {
          actor,
        })
      ).secret;
      await p.roster.attributes.define(p.tenantId, { name: 'badgeNumber', type: 'integer' }, actor);
      ids.ann = await provision({
        schemas: [CORE, ENTERPRISE, CUSTOM],
        userName: 'ann.lee@example.com',
        displayName: 'Ann Lee',
        externalId: 'EXT-100',
        name: { givenName: 'Ann', familyName: 'Lee' },
        emails: [
          { value: 'ann.lee@example.com', type: 'work', primary: true },
          { value: 'ann@home.example', type: 'home' },
        ],
        [ENTERPRISE]: { department: 'Research & Development', employeeNumber: '7001' },
        [CUSTOM]: { badgeNumber: 4242 },
      });
      ids.bob = await provision({
        userName: 'bob@example.com',
        displayName: 'Robert Stone',
        externalId: 'ext-200',
        active: false,
      });
      ids.mallory = await provision({ userName: 'mallory@example.com', displayName: XSS });
      const group = await p.scim(token, 'POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Engineering',
        externalId: 'grp-eng',
        members: [{ value: ids.ann }, { value: ids.bob }],
      });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      ids.engineering = group.body.id;
      const patched = await p.scim(token, 'PATCH', `/Users/${ids.ann}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }],
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      await p.roster.provisioningLog.flush();
    });
    after(() => p.close());

    it('should list users by userName with their displayName, externalId, state and update time', async () => {
      const res = await owner.get(USERS);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      const rows = rowsOf(res.body);
      assert.deepEqual(
        rows.map((r) => r.slice(0, 4)),
        [
          ['ann.lee@example.com', 'Ann Lee', 'EXT-100', 'Active'],
          ['bob@example.com', 'Robert Stone', 'ext-200', 'Inactive'],
          ['mallory@example.com', XSS, '', 'Active'],
        ],
      );
      assert.match(rows[0]?.[4] ?? '', /\d{4}.*UTC$/);
      assert.equal(linkTo(res.body, 'ann.lee@example.com'), `${USERS}/${ids.ann}`);
      assert.equal(linkTo(res.body, 'Next page'), undefined, 'one page only');
    });

    it('should search users by userName, displayName or externalId, by prefix', async () => {
      const names = async (query: string) => rowsOf((await owner.get(`${USERS}?${query}`)).body).map((r) => r[0]);
      assert.deepEqual(await names('q=ANN&by=userName'), ['ann.lee@example.com'], 'userName in any case');
      assert.deepEqual(await names('q=rob&by=displayName'), ['bob@example.com'], 'displayName in any case');
      assert.deepEqual(await names('q=stone&by=displayName'), [], 'a prefix, not a substring');
      assert.deepEqual(await names('q=EXT&by=externalId'), ['ann.lee@example.com'], 'externalId exactly');
      assert.deepEqual(await names('q=ext-2&by=externalId'), ['bob@example.com']);
      assert.deepEqual(await names('q=%3Cscript&by=displayName'), ['mallory@example.com']);
      assert.deepEqual(await names('q=ann%25&by=userName'), [], 'no wildcard: % is a character');
      ids.emile = await provision({ userName: 'Émile@example.com', displayName: 'Émile Zola' });
      assert.deepEqual(await names('q=%C3%A9MILE&by=userName'), ['Émile@example.com'], 'non-ASCII in any case');
      assert.deepEqual(await names('q=%C3%89mi&by=displayName'), ['Émile@example.com']);
      assert.deepEqual(await names('q=%C3%A9mile%20z&by=displayName'), ['Émile@example.com']);
      const none = await owner.get(`${USERS}?q=zzz&by=userName`);
      assert.match(textOf(none.body), /Nothing starts with "zzz" in userName/);
      assert.match(none.body, /<option value="userName" selected>/);
      assert.match(none.body, /name="q" value="zzz"/);
    });

    it("should show a user's attributes as provisioned: core, enterprise, custom, groups and log entries", async () => {
      const res = await owner.get(`${USERS}/${ids.ann}`);
      assert.equal(res.status, 200);
      assert.match(res.body, /<h1>ann\.lee@example\.com<\/h1>/);
      const summary = sectionText(res.body, 'summary-heading');
      assert.match(summary, /State Active/);
      assert.match(summary, new RegExp(`id ${ids.ann}`));
      assert.match(summary, /externalId EXT-100/);
      assert.match(summary, /Version W\/"2"/);
      const core = sectionText(res.body, 'core-heading');

      assert.match(
        core,
        /^Core attributes userName ann\.lee@example\.com name familyName Lee givenName Ann displayName Ann Lee title Engineer active true emails/,
      );
      assert.match(
        core,
        /emails value ann\.lee@example\.com type work primary true value ann@home\.example type home$/,
      );

      assert.match(res.body, /<dt>emails<\/dt><dd><ul><li><dl class="attrs">/, 'multi-valued as a list');
      assert.match(
        sectionText(res.body, 'enterprise-heading'),
        /^Enterprise extension employeeNumber 7001 department Research & Development$/,
      );
      assert.match(res.body, /Research &amp; Development/);
      assert.match(sectionText(res.body, 'custom-heading'), /badgeNumber 4242/);
      assert.equal(linkTo(res.body, 'Engineering'), `${GROUPS}/${ids.engineering}`);
      const log = rowsOf(/<section aria-labelledby="log-heading">([\s\S]*?)<\/section>/.exec(res.body)?.[1] ?? '');
      assert.deepEqual(
        log.map((r) => [r[1], r[2], r[3]]),
        [
          ['Okta', `PATCH /scim/v2/Users/${ids.ann}`, '200'],
          ['Okta', 'POST /scim/v2/Users', '201'],
        ],
      );
    });

    it("should page a user's log entries and link to the provisioning log searched for it", async () => {
      const res = await owner.get(`${USERS}/${ids.bob}`);
      assert.match(sectionText(res.body, 'core-heading'), /active false/);
      assert.match(sectionText(res.body, 'summary-heading'), /State Inactive/);
      assert.match(sectionText(res.body, 'custom-heading'), /No values\./);
      assert.equal(
        linkTo(res.body, 'Open in the provisioning log'),
        `/admin/identity/provisioning-log?text=${ids.bob}`,
      );
      assert.equal(linkTo(res.body, 'Older entries'), undefined);
    });

    it('should escape what the IdP sent: a displayName <script> shows as text', async () => {
      for (const path of [USERS, `${USERS}/${ids.mallory}`, `${USERS}?q=%3Cscript&by=displayName`]) {
        const res = await owner.get(path);
        assert.equal(res.status, 200);
        assert.ok(!res.body.includes(XSS), `${path} has no live script`);
        assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${path} shows it as text`);
      }
    });

    it('should list groups with member counts, searchable by displayName and externalId', async () => {
      const res = await owner.get(GROUPS);
      assert.equal(res.status, 200);
      assert.deepEqual(
        rowsOf(res.body).map((r) => r.slice(0, 3)),
        [['Engineering', 'grp-eng', '2']],
      );
      assert.equal(linkTo(res.body, 'Engineering'), `${GROUPS}/${ids.engineering}`);
      assert.equal(rowsOf((await owner.get(`${GROUPS}?q=ENG&by=displayName`)).body).length, 1);
      assert.equal(rowsOf((await owner.get(`${GROUPS}?q=grp-&by=externalId`)).body).length, 1);
      assert.equal(rowsOf((await owner.get(`${GROUPS}?q=GRP&by=externalId`)).body).length, 0);
    });

    it('should show a group with its count, its members linking to them, and its log entries', async () => {
      const res = await owner.get(`${GROUPS}/${ids.engineering}`);
      assert.equal(res.status, 200);
      assert.match(res.body, /<h1>Engineering<\/h1>/);
      assert.match(sectionText(res.body, 'summary-heading'), /displayName Engineering externalId grp-eng Members 2/);
      assert.equal(linkTo(res.body, 'Ann Lee'), `${USERS}/${ids.ann}`);
      assert.equal(linkTo(res.body, 'Robert Stone'), `${USERS}/${ids.bob}`);
      assert.deepEqual(memberIds(res.body).sort(), [ids.ann, ids.bob].sort());
      assert.match(sectionText(res.body, 'log-heading'), /POST \/scim\/v2\/Groups 201/);
    });

    it('should page a group of 250 members 100 at a time, without overlap, and users 50 at a time', async () => {
      const members: string[] = [];
      for (let i = 0; i < 250; i++)
        members.push(await provision({ userName: `member${String(i).padStart(3, '0')}@example.com` }));
      const group = await p.scim(token, 'POST', '/Groups', {
        displayName: 'Everyone',
        members: members.map((value) => ({ value })),
      });
      assert.equal(group.status, 201);
      ids.everyone = group.body.id;
      const path = `${GROUPS}/${group.body.id}`;
      const first = await owner.get(path);
      assert.match(sectionText(first.body, 'summary-heading'), /Members 250/);
      assert.match(sectionText(first.body, 'members-heading'), /250 member\(s\), 100 per page/);
      const seen: string[] = [];
      let page = first;
      const sizes: number[] = [];
      for (;;) {
        const onPage = memberIds(page.body);
        sizes.push(onPage.length);
        seen.push(...onPage);
        const next = linkTo(page.body, 'Next page');
        if (!next) break;
        assert.ok(next.startsWith(`${path}?after=`));
        page = await owner.get(next);
        assert.equal(page.status, 200);
        assert.ok(linkTo(page.body, 'First page'));
      }
      assert.deepEqual(sizes, [100, 100, 50]);
      assert.equal(new Set(seen).size, 250, 'no member twice');
      assert.deepEqual([...seen].sort(), [...members].sort());
      assert.deepEqual(seen, [...seen].sort(), 'in the order of their ids');
      assert.deepEqual(
        rowsOf((await owner.get(`${GROUPS}?q=every&by=displayName`)).body).map((r) => r[2]),
        ['250'],
      );

      // 254 users: pages of 50 by userName, each after the last.
      const userNames: string[] = [];
      let users = await owner.get(USERS);
      const userSizes: number[] = [];
      for (;;) {
        const rows = rowsOf(users.body);
        userSizes.push(rows.length);
        userNames.push(...rows.map((r) => r[0] ?? ''));
        const next = linkTo(users.body, 'Next page');
        if (!next) break;
        users = await owner.get(next);
      }
      assert.deepEqual(userSizes, [50, 50, 50, 50, 50, 4]);
      assert.equal(new Set(userNames).size, 254);
      assert.deepEqual(userNames, [...userNames].sort());
      const searched = await owner.get(`${USERS}?q=member1&by=userName`);
      assert.equal(rowsOf(searched.body).length, 50);
      const next = linkTo(searched.body, 'Next page') ?? '';
      assert.ok(next.includes('q=member1') && next.includes('by=userName'), 'the next link keeps the search');
      assert.deepEqual(
        rowsOf((await owner.get(next)).body).map((r) => r[0]),
        Array.from({ length: 50 }, (_, i) => `member${150 + i}@example.com`),
      );
    });

    it("should keep each group's exact member count through adds, removals, user deletions and a PUT", async () => {
      const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
      const more: { value: string }[] = [];
      for (let i = 0; i < 751; i++)
        more.push({ value: await provision({ userName: `extra${String(i).padStart(3, '0')}@example.com` }) });
      const patched = await p.scim(token, 'PATCH', `/Groups/${ids.everyone}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: more }],
      });
      assert.ok(patched.status === 200 || patched.status === 204, JSON.stringify(patched.body));
      const listed = async () => rowsOf((await owner.get(`${GROUPS}?q=every&by=displayName`)).body).map((r) => r[2]);
      const actual = async () => ((await p.scim(token, 'GET', `/Groups/${ids.everyone}`)).body.members ?? []).length;
      assert.deepEqual(await listed(), ['1,001']);
      const fr = await p.signIn('viewer', { locale: 'fr' });
      assert.match(
        rowsOf((await fr.get(`${GROUPS}?q=every&by=displayName`)).body)[0]?.[2] ?? '',
        /^1\s001$/u,
        'French groups digits by a space',
      );
      assert.match(
        sectionText((await owner.get(`${GROUPS}/${ids.everyone}`)).body, 'summary-heading'),
        /Members 1,001/,
      );

      // Re-adding a member changes nothing; removing two and deleting a member user count down.
      await p.scim(token, 'PATCH', `/Groups/${ids.everyone}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: more.slice(0, 5) }],
      });
      await p.scim(token, 'PATCH', `/Groups/${ids.everyone}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'remove', path: 'members', value: more.slice(0, 2) },
          { op: 'remove', path: `members[value eq "${more[2]!.value}"]` },
        ],
      });
      assert.equal((await p.scim(token, 'DELETE', `/Users/${more[3]!.value}`)).status, 204);
      assert.deepEqual(await listed(), ['997']);
      assert.equal(await actual(), 997);

      const put = await p.scim(token, 'PUT', `/Groups/${ids.everyone}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Everyone',
        members: more.slice(10, 13),
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(await listed(), ['3']);
      assert.equal(await actual(), 3);
    });

    it('should answer 404 for an unknown user or group, and 400 for a forged page link', async () => {
      assert.equal((await owner.get(`${USERS}/00000000-0000-0000-0000-000000000000`)).status, 404);
      assert.equal((await owner.get(`${GROUPS}/no-such-group`)).status, 404);
      assert.equal((await owner.get(`${USERS}/${ids.engineering}`)).status, 404, 'a group id is no user');
      assert.equal((await owner.get(`${USERS}?after=not-a-cursor`)).status, 400);
      assert.equal((await owner.get(`${GROUPS}/${ids.engineering}?after=%00`)).status, 400);
      assert.equal((await owner.get(`${USERS}/${ids.ann}?log=nonsense`)).status, 400);
    });

    it('should let a viewer read everything, with no form but signing out', async () => {
      for (const path of [USERS, GROUPS, `${USERS}/${ids.ann}`, `${GROUPS}/${ids.engineering}`]) {
        const res = await viewer.get(path);
        assert.equal(res.status, 200, path);
        const posts = [...res.body.matchAll(/<form method="post" action="([^"]+)"/g)].map(([, action]) => action);
        assert.deepEqual(posts, ['/admin/sign-out'], path);
      }
    });

    it('should speak French', async () => {
      const fr = await p.signIn('viewer', { locale: 'fr' });
      const list = textOf((await fr.get(USERS)).body);
      for (const label of [
        'Annuaire',
        'Utilisateurs',
        'Groupes',
        'Rechercher',
        'Actif',
        'Inactif',
        'Modifié',
        'Page suivante',
      ]) {
        assert.ok(list.includes(label), `"${label}" on the French users page`);
      }
      const user = textOf((await fr.get(`${USERS}/${ids.ann}`)).body);
      for (const label of [
        'Résumé',
        'Attributs principaux',
        'Extension entreprise',
        'Extension personnalisée',
        "Entrées du journal d'approvisionnement",
      ]) {
        assert.ok(user.includes(label), `"${label}" on the French user page`);
      }
      const group = textOf((await fr.get(`${GROUPS}/${ids.engineering}`)).body);
      assert.ok(group.includes('2 membre(s), 100 par page'));
    });
  });
}
