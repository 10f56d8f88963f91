import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { startPortal, type PortalAgent, type PortalResponse, type TestPortal } from '../../helpers/portal.ts';
import { eventsOfType } from '../../helpers/audit-events.ts';

const PAGE = '/admin/identity/user-provisioning';
const GENERATE = `${PAGE}/tokens`;
const action = (id: string, name: 'activate' | 'deactivate' | 'renew' | 'delete') => `${PAGE}/tokens/${id}/${name}`;

/** The secret a token-shown-once page holds in its read-only field. */
function secretOf(page: string): string {
  const secret = /id="new-token" class="secret" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(secret, 'the page shows the secret');
  return secret;
}

/** Presses Generate twice, as an administrator does; returns the answer to the second press. */
async function generate(
  agent: PortalAgent,
  form: Record<string, string>,
): Promise<{ first: PortalResponse; second: PortalResponse }> {
  const first = await agent.post(GENERATE, form);
  const second = await agent.post(GENERATE, { ...form, confirm: 'yes' });
  return { first, second };
}

for (const dialect of await dialects()) {
  describe(`User Provisioning page (${dialect})`, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    const tokenNamed = async (name: string) => {
      const token = (await p.roster.tokens.list(p.tenantId)).find((t) => t.name === name);
      assert.ok(token, `token ${name} is listed`);
      return token;
    };

    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
    });
    after(() => p.close());

    it('should show the Generate form, the SCIM URL and an empty Token Status table at first', async () => {
      const res = await owner.get(PAGE);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.ok(res.body.includes(`action="${GENERATE}"`));
      for (const idp of [
        'Microsoft Entra ID',
        'Okta',
        'OneLogin',
        'JumpCloud',
        'Google Workspace',
        'Ping Identity',
        'Keycloak',
        'authentik',
      ]) {
        assert.ok(res.body.includes(`>${idp}</option>`), idp);
      }
      assert.match(res.body, /<option value="never" selected>Never<\/option><option value="30">In 30 days<\/option>/);
      assert.ok(res.body.includes('value="https://roster.test/scim/v2"'));
      assert.ok(res.body.includes('Token Status'));
      assert.ok(res.body.includes('No tokens yet.'));
    });

    it('should ask to confirm on the first Generate and issue nothing', async () => {
      const res = await owner.post(GENERATE, { idp: 'okta', name: 'prod', expiry: '90' });
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('Generate a new SCIM token for Okta? It will be shown only once.'));
      assert.ok(res.body.includes('name="confirm" value="yes"'));
      assert.ok(res.body.includes('name="idp" value="okta"') && res.body.includes('name="expiry" value="90"'));
      assert.ok(res.body.includes(`href="${PAGE}">Cancel</a>`));
      assert.deepEqual(await p.roster.tokens.list(p.tenantId), []);
    });

    it('should issue on the confirmed Generate and show the secret once, with the SCIM URL and Copy buttons', async () => {
      const { second } = await generate(owner, { idp: 'okta', name: 'prod', expiry: '90' });
      assert.equal(second.status, 200);
      assert.equal(second.headers['cache-control'], 'no-store');
      const secret = secretOf(second.body);
      assert.match(secret, /^rst_/);
      assert.ok(second.body.includes('id="scim-url" class="secret" value="https://roster.test/scim/v2"'));
      assert.ok(second.body.includes('data-copy="new-token"') && second.body.includes('data-copy="scim-url"'));
      assert.ok(second.body.includes('It will not be shown again'));
      assert.ok(second.body.includes('<dd>Okta</dd>') && second.body.includes('<dd>prod</dd>'));
      assert.equal((await p.scim(secret, 'GET', '/Users')).status, 200);

      const token = await tokenNamed('prod');
      assert.equal(token.idpKind, 'okta');
      const days = (Date.parse(token.expiresAt!) - Date.parse(token.createdAt)) / 86_400_000;
      assert.equal(Math.round(days), 90);

      const page = await owner.get(PAGE);
      assert.ok(!page.body.includes(secret), 'the secret is never shown again');
      assert.ok(page.body.includes(`prod <code>…${secret.slice(-4)}</code>`));
      assert.ok(page.body.includes('<span class="status-active">Active</span>'));
    });

    it("should show each token's own requests and errors of the last 24 hours", async () => {
      const { second } = await generate(owner, { idp: 'onelogin', name: 'busy' });
      const { second: quietSecond } = await generate(owner, { idp: 'onelogin', name: 'quiet' });
      const secret = secretOf(second.body);
      assert.equal((await p.scim(secret, 'GET', '/Users')).status, 200);
      assert.equal((await p.scim(secret, 'GET', '/Users/not-there')).status, 404);
      assert.equal((await p.scim(secretOf(quietSecond.body), 'GET', '/Users')).status, 200);
      await p.roster.provisioningLog.flush();
      const page = await owner.get(PAGE);
      const row = (name: string) => page.body.split('<tr>').find((r) => r.includes(`${name} <code>`)) ?? '';
      assert.match(row('busy'), /<td>2<\/td>\s*<td>1<\/td>/);
      assert.match(row('quiet'), /<td>1<\/td>\s*<td>0<\/td>/, 'the other token of the same IdP counts its own');
    });

    it('should refuse a token at once when set inactive, and accept it again when set active', async () => {
      const { second } = await generate(owner, { idp: 'jumpcloud', name: 'switch' });
      const secret = secretOf(second.body);
      const token = await tokenNamed('switch');

      const off = await owner.post(action(token.id, 'deactivate'));
      assert.equal(off.status, 303);
      assert.equal(off.headers.location, `${PAGE}?done=deactivated`);
      assert.equal((await p.scim(secret, 'GET', '/Users')).status, 401);
      const page = await owner.get(`${PAGE}?done=deactivated`);
      assert.ok(page.body.includes('The token is inactive: requests with it are refused from now on.'));
      assert.ok(page.body.includes('<span class="status-inactive">Inactive</span>'));

      const on = await owner.post(action(token.id, 'activate'));
      assert.equal(on.status, 303);
      assert.equal(on.headers.location, `${PAGE}?done=activated`);
      assert.equal((await p.scim(secret, 'GET', '/Users')).status, 200);
    });

    it('should offer Set Active and Set Inactive in the Select menu, the current state disabled', async () => {
      const token = await tokenNamed('switch');
      const page = (await owner.get(PAGE)).body;
      const menu = page.slice(
        page.indexOf(action(token.id, 'activate')) - 200,
        page.indexOf(action(token.id, 'delete')) + 300,
      );
      assert.ok(menu.includes('<details class="menu">') && menu.includes('>Select</summary>'));
      assert.match(menu, /<button type="submit" disabled>Set Active<\/button>/);
      assert.match(menu, /<button type="submit">Set Inactive<\/button>/);
      assert.match(menu, /<button type="submit">Renew<\/button>/);
      assert.match(menu, /<button type="submit">Delete<\/button>/);
    });

    it('should show a new secret once on Renew, and refuse the old one from then on', async () => {
      const { second } = await generate(owner, { idp: 'google', name: 'rotate' });
      const old = secretOf(second.body);
      const token = await tokenNamed('rotate');

      const res = await owner.post(action(token.id, 'renew'));
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const renewed = secretOf(res.body);
      assert.notEqual(renewed, old);
      assert.ok(res.body.includes('New secret for token rotate (Google Workspace)'));
      assert.ok(res.body.includes('no longer works'));
      assert.ok(res.body.includes('value="https://roster.test/scim/v2"'));
      assert.equal((await p.scim(old, 'GET', '/Users')).status, 401);
      assert.equal((await p.scim(renewed, 'GET', '/Users')).status, 200);
    });

    it('should ask to confirm a deletion, then delete and say so', async () => {
      const { second } = await generate(owner, { idp: 'ping', name: 'doomed' });
      const secret = secretOf(second.body);
      const token = await tokenNamed('doomed');

      const ask = await owner.post(action(token.id, 'delete'));
      assert.equal(ask.status, 200);
      assert.ok(ask.body.includes(`Delete the token doomed (…${token.hint}) of Ping Identity?`));
      assert.ok(ask.body.includes('name="confirm" value="yes"'));
      assert.equal((await p.scim(secret, 'GET', '/Users')).status, 200, 'asking deletes nothing');

      const done = await owner.post(action(token.id, 'delete'), { confirm: 'yes' });
      assert.equal(done.status, 303);
      assert.equal(done.headers.location, `${PAGE}?done=deleted`);
      assert.ok(!(await p.roster.tokens.list(p.tenantId)).some((t) => t.id === token.id));
      assert.equal((await p.scim(secret, 'GET', '/Users')).status, 401);
      const page = await owner.get(done.headers.location);
      assert.ok(page.body.includes('The token is deleted'));
      assert.ok(!page.body.includes('doomed'));
    });

    it('should explain the limit of two tokens for an IdP with 409, and issue no third', async () => {
      await generate(owner, { idp: 'entra', name: 'one' });
      await generate(owner, { idp: 'entra', name: 'two' });
      const count = async () => (await p.roster.tokens.list(p.tenantId)).filter((t) => t.idpKind === 'entra').length;
      assert.equal(await count(), 2);
      for (const form of [{ idp: 'entra' }, { idp: 'entra', confirm: 'yes' }] as Record<string, string>[]) {
        const res = await owner.post(GENERATE, form);
        assert.equal(res.status, 409);
        assert.ok(res.body.includes('Microsoft Entra ID already has 2 tokens'));
        assert.ok(res.body.includes('renew one of them; or delete one that is no longer used'));
        assert.ok(!res.body.includes('name="confirm"'), 'no confirmation is offered');
      }
      assert.equal(await count(), 2);
    });

    it('should refuse a form without an IdP or with a bad lifetime, keeping what was typed', async () => {
      const noIdp = await owner.post(GENERATE, { name: 'kept' });
      assert.equal(noIdp.status, 400);
      assert.ok(noIdp.body.includes('Choose an identity provider.'));
      assert.ok(noIdp.body.includes('value="kept"'));
      const badDays = await owner.post(GENERATE, { idp: 'keycloak', expiry: 'custom', days: '0', confirm: 'yes' });
      assert.equal(badDays.status, 400);
      assert.ok(badDays.body.includes('Enter a whole number of days from 1 to 3650.'));
      assert.ok(!(await p.roster.tokens.list(p.tenantId)).some((t) => t.idpKind === 'keycloak'));
    });

    it('should answer 404 for an id that is not a UUID, and for a token of another tenant', async () => {
      const elsewhere = await p.roster.tenants.create(`other-${dialect}`);
      const connection = await p.roster.tokens.ensureConnection(elsewhere.id, 'okta');
      const foreign = await p.roster.tokens.issue(elsewhere.id, connection, { name: 'foreign' });
      for (const name of ['activate', 'deactivate', 'renew', 'delete'] as const) {
        assert.equal((await owner.post(action(foreign.id, name), { confirm: 'yes' })).status, 404, name);
        assert.equal((await owner.post(action(foreign.id.slice(0, 8), name))).status, 404, `${name} by prefix`);
      }
      assert.equal((await p.scim(foreign.secret, 'GET', '/Users')).status, 200, 'the other tenant keeps its token');
    });

    it('should show a token name as text, never as markup', async () => {
      const { second } = await generate(owner, { idp: 'authentik', name: '<script>alert(1)</script>' });
      assert.equal(second.status, 200);
      const page = await owner.get(PAGE);
      for (const body of [second.body, page.body]) {
        assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
        assert.ok(!body.includes('<script>alert(1)'));
      }
      const token = await tokenNamed('<script>alert(1)</script>');
      const ask = await owner.post(action(token.id, 'delete'));
      assert.ok(ask.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;') && !ask.body.includes('<script>alert(1)'));
    });

    it('should refuse a post without the CSRF field with 403, issuing nothing', async () => {
      const before = (await p.roster.tokens.list(p.tenantId)).length;
      const res = await p.app.inject({
        method: 'POST',
        url: GENERATE,
        headers: { cookie: owner.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ idp: 'generic', confirm: 'yes' }).toString(),
      });
      assert.equal(res.statusCode, 403);
      assert.equal((await p.roster.tokens.list(p.tenantId)).length, before);
    });

    it('should let a viewer read the page but change nothing', async () => {
      const viewer = await p.signIn('viewer');
      const page = await viewer.get(PAGE);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('Token Status') && page.body.includes('prod <code>'));
      assert.ok(!page.body.includes(`action="${GENERATE}"`), 'no Generate form');
      assert.ok(!page.body.includes('<details class="menu">'), 'no Select menus');
      assert.ok(page.body.includes('Your role is read-only'));

      const tokensBefore = await p.roster.tokens.list(p.tenantId);
      const target = tokensBefore.find((t) => t.name === 'prod')!;
      const posts: [string, Record<string, string>][] = [
        [GENERATE, { idp: 'generic' }],
        [GENERATE, { idp: 'generic', confirm: 'yes' }],
        [action(target.id, 'deactivate'), {}],
        [action(target.id, 'activate'), {}],
        [action(target.id, 'renew'), {}],
        [action(target.id, 'delete'), {}],
        [action(target.id, 'delete'), { confirm: 'yes' }],
      ];
      for (const [path, form] of posts)
        assert.equal((await viewer.post(path, form)).status, 403, `${path} ${JSON.stringify(form)}`);
      assert.deepEqual(await p.roster.tokens.list(p.tenantId), tokensBefore);
    });

    it('should speak French to a French browser', async () => {
      const french = await p.signIn('admin', { locale: 'fr' });
      const page = await french.get(PAGE);
      assert.ok(page.body.includes('<html lang="fr">'));
      for (const label of [
        'Générer un jeton',
        "Fournisseur d'identité",
        'État des jetons',
        'Dernière utilisation',
        'Requêtes (24 h)',
        '>Choisir</summary>',
        'Renouveler',
      ]) {
        assert.ok(page.body.includes(label.replace("'", '&#39;')), label);
      }
      const ask = await french.post(GENERATE, { idp: 'generic' });
      assert.ok(
        ask.body.includes(
          'Générer un nouveau jeton SCIM pour Client SCIM générique ? Il ne sera affiché qu’une seule fois.',
        ),
      );
      const limit = await french.post(GENERATE, { idp: 'entra' });
      assert.equal(limit.status, 409);
      assert.ok(limit.body.includes('Microsoft Entra ID a déjà 2 jetons'));
    });

    it('should record each action in the audit history, naming the IdP and the administrator', async () => {
      const { events } = await p.roster.audit.list({ tenantId: p.tenantId, limit: 1000 });
      const okta = events.filter((e) => e.idpKind === 'okta');
      const google = events.filter((e) => e.idpKind === 'google');
      const jumpcloud = events.filter((e) => e.idpKind === 'jumpcloud');
      const ping = events.filter((e) => e.idpKind === 'ping');
      const expected: [typeof events, string, string][] = [
        [eventsOfType(okta, 'token.created').filter((e) => e.details.tokenName === 'prod'), 'token.created', 'Okta'],
        [jumpcloud, 'token.deactivated', 'JumpCloud'],
        [jumpcloud, 'token.activated', 'JumpCloud'],
        [google, 'token.renewed', 'Google Workspace'],
        [ping, 'token.deleted', 'Ping Identity'],
        [okta, 'connection.created', 'Okta'],
      ];
      for (const [list, type, idp] of expected) {
        const event = list.find((e) => e.type === type);
        assert.ok(event, `${type} for ${idp}`);
        assert.equal(event.details.idp, idp);
        assert.equal(event.actor, `admin:${owner.email}`);
      }
    });
  });
}
