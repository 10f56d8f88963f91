import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, screenshot } from '../helpers/browser.ts';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const OWNER = { email: 'owner@example.com', password: 'owner passphrase 2026' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer passphrase 2026' };
const XSS = '<script>alert(1)</script>';

const names = chromiumAvailable() ? await dialects() : [];

for (const dialect of names) {
  describe(`the admin portal in Chromium (${dialect})`, { concurrency: 1 }, () => {
    let db: FreshDatabase;
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let token = '';
    let userId = '';
    const shot = (name: string, p: Page = page) => screenshot(p, `${dialect}-${name}`);
    const scim = async (secret: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.origin}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.text()) || '{}' };
    };
    /** Opens the Select menu of the only token row and presses one of its actions. */
    const tokenAction = async (label: string) => {
      await page.goto(`${server.origin}/admin/identity/user-provisioning`);
      await page.locator('details.menu summary').first().click();
      await page.getByRole('button', { name: label, exact: true }).click();
    };

    before(async () => {
      db = await freshDatabase(dialect);
      server = await startServe({ ROSTER_DATABASE_URL: db.url, ROSTER_LOG_FLUSH_MS: '20' });
      browser = await launchChromium();
      context = await browser.newContext({ locale: 'en-US' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      page = await context.newPage();
      // An IdP value that ran as script would open a dialog: fail on any.
      page.on('dialog', (dialog) => {
        throw new Error(`a dialog opened: ${dialog.message()}`);
      });
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      await db?.drop();
    });

    it('should create the owner at first run with the printed setup code, and land on User Provisioning', async () => {
      const printedCode = /setup code\n +([A-Z2-9-]{14})/;
      const code = printedCode.exec(await server.waitForOutput(printedCode))![1]!;
      await page.goto(`${server.origin}/admin`);
      assert.match(page.url(), /\/admin\/sign-in/);
      await shot('sign-in-first-run');
      await page.getByRole('link', { name: 'First-run setup' }).click();
      await page.getByLabel('Setup code').fill(code);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
      await page.getByLabel('Repeat the password').fill(OWNER.password);
      await shot('setup');
      await page.getByRole('button', { name: 'Create the owner account' }).click();
      await page.getByRole('heading', { level: 1, name: 'User Provisioning' }).waitFor();
      assert.match(await page.locator('nav.crumbs').innerText(), /Admin\s*›?\s*Identity\s*›?\s*User Provisioning/);
      await shot('user-provisioning-empty');
    });

    it('should generate a token only after the confirmation, show it once with Copy buttons, and accept it for SCIM', async () => {
      await page.getByLabel('Identity provider').selectOption({ label: 'Okta' });
      await page.getByLabel('Token name (optional)').fill('okta-prod');
      await page.getByRole('button', { name: 'Generate', exact: true }).click();
      await page.getByText('Generate a new SCIM token for Okta? It will be shown only once.').waitFor();
      await shot('generate-confirm');
      await page.getByRole('button', { name: 'Generate', exact: true }).click();
      await page.getByText(/Save this token now/).waitFor();
      await shot('token-shown-once');
      const fields = page.locator('input.secret');
      token = await fields.nth(0).inputValue();
      const scimUrl = await fields.nth(1).inputValue();
      assert.match(token, /^rst_/);
      assert.equal(scimUrl, `${server.origin}/scim/v2`);
      await page.getByRole('button', { name: 'Copy token' }).click();
      assert.equal(
        await page.evaluate(() => navigator.clipboard.readText()),
        token,
        'Copy put the token on the clipboard',
      );
      await page.getByRole('button', { name: 'Copy SCIM URL' }).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), scimUrl);

      const created = await scim(token, 'POST', '/Users', {
        schemas: [USER],
        userName: 'ann@example.com',
        externalId: 'okta-00u1',
        displayName: XSS,
        active: true,
      });
      assert.equal(created.status, 201, created.body);
      userId = JSON.parse(created.body).id;

      await page.getByRole('link', { name: 'Back to User Provisioning' }).click();
      const row = page.locator('table tbody tr').first();
      assert.match(await row.innerText(), /Okta/);
      assert.match(await row.innerText(), new RegExp(`okta-prod[\\s\\S]*${token.slice(-4)}`));
      assert.doesNotMatch(await page.content(), new RegExp(token), 'the secret is never shown again');
      await shot('user-provisioning-token');
    });

    it('should show the provisioned user in the Directory, with an IdP value shown as text', async () => {
      await page.getByRole('link', { name: 'Directory' }).click();
      await page.getByRole('searchbox').fill('ann@');
      await page.getByRole('searchbox').press('Enter');
      await page.getByRole('link', { name: 'ann@example.com' }).click();
      await page.getByText(XSS).first().waitFor();
      assert.ok(page.url().endsWith(userId));
      await shot('directory-user');
      await page.goto(`${server.origin}/admin/directory/users`);
      await shot('directory-users');
    });

    it('should refuse the token on the next SCIM request once set inactive, and accept it once active again', async () => {
      await tokenAction('Set Inactive');
      await page.getByText(/The token is inactive/).waitFor();
      assert.equal((await scim(token, 'GET', '/Users')).status, 401);
      await tokenAction('Set Active');
      await page.getByText(/The token is active/).waitFor();
      assert.equal((await scim(token, 'GET', '/Users')).status, 200);
    });

    it('should renew: the new secret is shown once, the old one is refused', async () => {
      await tokenAction('Renew');
      await page.getByText(/Save this token now/).waitFor();
      const renewed = await page.locator('input.secret').first().inputValue();
      assert.notEqual(renewed, token);
      assert.equal((await scim(token, 'GET', '/Users')).status, 401);
      assert.equal((await scim(renewed, 'GET', '/Users')).status, 200);
      token = renewed;
    });

    it('should delete only after the confirmation, then refuse the token', async () => {
      await tokenAction('Delete');
      await page.getByText(/Delete the token okta-prod/).waitFor();
      await shot('delete-confirm');
      assert.equal((await scim(token, 'GET', '/Users')).status, 200, 'nothing is deleted before the confirmation');
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText(/The token is deleted/).waitFor();
      assert.equal((await scim(token, 'GET', '/Users')).status, 401);
    });

    it('should list every token action in Audit History with the IdP named', async () => {
      await page.getByRole('link', { name: 'Audit History' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit History' }).waitFor();
      await shot('audit-history');
      const rows = await page.locator('table tbody tr').allInnerTexts();
      for (const event of [/token created/i, /set inactive/i, /set active/i, /renewed/i, /deleted/i]) {
        const row = rows.find((r) => event.test(r));
        assert.ok(row, `an audit row for ${event}: ${rows.join('\n')}`);
        assert.match(row, /Okta/, `the row names the IdP: ${row}`);
        assert.match(row, new RegExp(OWNER.email.replace('.', '\\.')), 'and the administrator');
      }
    });

    it('should show the other pages', async () => {
      for (const [link, name] of [
        ['Provisioning log', 'provisioning-log'],
        ['SCIM Attributes', 'scim-attributes'],
      ] as const) {
        await page.getByRole('link', { name: link }).click();
        await page.getByRole('heading', { level: 1, name: link }).waitFor();
        await shot(name);
      }
      assert.match(await page.content(), /urn:ietf:params:scim:schemas:extension:roster:2\.0:User/);
    });

    it('should create an application token on the Applications page, show it once, and read the feed with it', async () => {
      await page.getByRole('link', { name: 'Applications' }).click();
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      assert.match(await page.locator('nav.crumbs').innerText(), /Admin\s*›?\s*Identity\s*›?\s*Applications/);
      await shot('applications-empty');
      await page.getByLabel('Application name').fill('directory-mirror');
      await page.getByLabel(/directory:read/).uncheck();
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByText(/Save this token now/).waitFor();
      await shot('application-token-shown-once');
      const secret = await page.locator('input.secret').first().inputValue();
      assert.match(secret, /^rsa_/);
      await page.getByRole('button', { name: 'Copy token' }).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
      const feedUrl = await page.locator('input.secret').nth(1).inputValue();
      assert.equal(feedUrl, `${server.origin}/api/v1/events`);
      const feed = await fetch(feedUrl, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(feed.status, 200);
      assert.equal((await scim(secret, 'GET', '/Users')).status, 403, 'events:read only: no SCIM reads');
      await page.getByRole('link', { name: 'Back to Applications' }).click();
      const row = page.locator('table tbody tr').first();
      assert.match(
        await row.innerText(),
        new RegExp(`directory-mirror[\\s\\S]*events:read[\\s\\S]*${secret.slice(-4)}`),
      );
      assert.doesNotMatch(await page.content(), new RegExp(secret), 'the secret is never shown again');
      await page.locator('details.menu summary').first().click();
      await page.getByRole('button', { name: 'Set Inactive', exact: true }).click();
      await page.getByText('The token is inactive').waitFor();
      assert.equal((await fetch(feedUrl, { headers: { authorization: `Bearer ${secret}` } })).status, 401);
      await shot('applications-token');
      await page.locator('details.menu summary').first().click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText(/the application is deleted with it/).waitFor();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText('No application tokens yet.').waitFor();
      await page.getByRole('link', { name: 'Audit History' }).click();
      const rows = await page.locator('table tbody tr').allInnerTexts();
      for (const event of [
        'Application token created',
        'Application token set inactive',
        'Application token deleted',
      ]) {
        assert.ok(
          rows.some((r) => r.includes(event) && r.includes('directory-mirror')),
          `${event}: ${rows.join('\n')}`,
        );
      }
      const fr = await browser.newContext({ locale: 'fr-FR' });
      try {
        const p = await fr.newPage();
        await p.goto(`${server.origin}/admin`);
        await p.getByLabel('Adresse e-mail').fill(OWNER.email);
        await p.getByLabel('Mot de passe').fill(OWNER.password);
        await p.getByRole('button', { name: 'Se connecter' }).click();
        await p.getByRole('link', { name: 'Applications' }).click();
        await p.getByRole('heading', { level: 2, name: "Créer un jeton d'application" }).waitFor();
        await screenshot(p, `${dialect}-fr-applications`);
      } finally {
        await fr.close();
      }
    });

    it('should work from the keyboard alone: the Select menu opens and acts with Enter', async () => {
      await runCli(['tokens', 'create', '--idp', 'ping', '--name', 'keyboard'], { ROSTER_DATABASE_URL: db.url });
      await page.goto(`${server.origin}/admin/identity/user-provisioning`);
      const summary = page.locator('details.menu summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('details.menu').first().getAttribute('open'), '', 'Enter opens the menu');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      assert.ok(focused === 'Set Active' || focused === 'Set Inactive', `the first action takes the focus: ${focused}`);
    });

    it('should fit a phone screen: no page-wide horizontal scrolling, tables scroll in place', async () => {
      const phone = await browser.newContext({
        locale: 'en-US',
        viewport: { width: 390, height: 844 },
        isMobile: true,
      });
      try {
        const p = await phone.newPage();
        await p.goto(`${server.origin}/admin/sign-in`);
        await p.getByLabel('Email').fill(OWNER.email);
        await p.getByLabel('Password').fill(OWNER.password);
        await p.getByRole('button', { name: 'Sign in' }).click();
        for (const [path, name] of [
          ['/admin/identity/user-provisioning', 'phone-user-provisioning'],
          ['/admin/identity/audit-history', 'phone-audit-history'],
          ['/admin/identity/applications', 'phone-applications'],
          ['/admin/directory/users', 'phone-directory-users'],
        ] as const) {
          await p.goto(`${server.origin}${path}`);
          const overflow = await p.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 1, `${path} is ${overflow}px wider than the screen`);
          await screenshot(p, `${dialect}-${name}`);
        }
      } finally {
        await phone.close();
      }
    });

    it('should serve the whole flow in French for a French browser', async () => {
      const fr = await browser.newContext({ locale: 'fr-FR' });
      try {
        const p = await fr.newPage();
        await p.goto(`${server.origin}/admin`);
        await p.getByLabel('Adresse e-mail').fill(OWNER.email);
        await p.getByLabel('Mot de passe').fill(OWNER.password);
        await p.getByRole('button', { name: 'Se connecter' }).click();
        await p.getByRole('heading', { level: 1, name: 'Approvisionnement des utilisateurs' }).waitFor();
        await p.getByLabel("Fournisseur d'identité").selectOption({ label: 'Microsoft Entra ID' });
        await p.getByRole('button', { name: 'Générer', exact: true }).click();
        await p.getByRole('button', { name: 'Générer', exact: true }).click();
        const secret = await p.locator('input.secret').first().inputValue();
        assert.equal((await scim(secret, 'GET', '/Users')).status, 200);
        await screenshot(p, `${dialect}-fr-token-shown-once`);
        await p.getByRole('link', { name: 'English' }).click();
        await p.getByRole('heading', { level: 1, name: 'User Provisioning' }).waitFor();
      } finally {
        await fr.close();
      }
    });

    it('should show a viewer everything and let them change nothing', async () => {
      const created = await runCli(
        ['admins', 'create', '--email', VIEWER.email, '--role', 'viewer', '--password-stdin'],
        { ROSTER_DATABASE_URL: db.url },
        VIEWER.password,
      );
      assert.equal(created.code, 0, created.stderr);
      const ctx = await browser.newContext({ locale: 'en-US' });
      try {
        const p = await ctx.newPage();
        await p.goto(`${server.origin}/admin/sign-in`);
        await p.getByLabel('Email').fill(VIEWER.email);
        await p.getByLabel('Password').fill(VIEWER.password);
        await p.getByRole('button', { name: 'Sign in' }).click();
        await p.getByRole('heading', { level: 1, name: 'User Provisioning' }).waitFor();
        assert.equal(await p.getByRole('button', { name: 'Generate' }).count(), 0, 'no Generate form');
        assert.equal(await p.locator('details.menu').count(), 0, 'no Select menus');
        await screenshot(p, `${dialect}-viewer-user-provisioning`);
        // The server refuses what the page does not offer: a forged form with the viewer's own CSRF token.
        const csrf = await p.locator('input[name="_csrf"]').first().inputValue();
        const forged = await p.request.post(`${server.origin}/admin/identity/user-provisioning/tokens`, {
          form: { _csrf: csrf, idp: 'okta', confirm: 'yes' },
          maxRedirects: 0,
        });
        assert.equal(forged.status(), 403);
        const attr = await p.request.post(`${server.origin}/admin/identity/scim-attributes`, {
          form: { _csrf: csrf, name: 'badge', type: 'string' },
          maxRedirects: 0,
        });
        assert.equal(attr.status(), 403);
      } finally {
        await ctx.close();
      }
    });
  });
}
