import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, screenshot } from '../helpers/browser.ts';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { cliJson, scimOver } from '../helpers/roster-cli.ts';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../helpers/webhook-receiver.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const OWNER = { email: 'owner@example.com', password: 'owner passphrase 2026' };

const names = chromiumAvailable() ? await dialects() : [];

/** Waits until `ready()` holds, polling; fails after a generous minute. */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(ready(), what);
}

for (const dialect of names) {
  describe(`the Webhooks page in Chromium (${dialect})`, { concurrency: 1 }, () => {
    let db: FreshDatabase;
    let server: RunningServer;
    let receiver: Receiver;
    let browser: Browser;
    let page: Page;
    let env: Record<string, string>;
    let secret = '';
    const shot = (name: string) => screenshot(page, `${dialect}-webhooks-${name}`);

    before(async () => {
      db = await freshDatabase(dialect);
      receiver = await startReceiver();
      env = {
        ROSTER_DATABASE_URL: db.url,
        ROSTER_SECRET_KEY: 'the browser tests key, long enough to be accepted',
        ROSTER_WEBHOOKS_ALLOW_HTTP: 'true',
        ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'true',
      };
      const created = await runCli(
        ['admins', 'create', '--email', OWNER.email, '--role', 'owner', '--password-stdin'],
        env,
        OWNER.password,
      );
      assert.equal(created.code, 0, created.stderr);
      server = await startServe(env);
      browser = await launchChromium();
      const context = await browser.newContext({ locale: 'en-US' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      page = await context.newPage();
      page.on('dialog', (dialog) => {
        throw new Error(`a dialog opened: ${dialog.message()}`);
      });
      await page.goto(`${server.origin}/admin/sign-in`);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      await receiver?.close();
      await db?.drop();
    });

    it('should add an endpoint from Admin › Webhooks and show its secret once, with Copy', async () => {
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      assert.match(await page.locator('nav.crumbs').innerText(), /Admin\s*›?\s*Webhooks/);
      await shot('empty');
      await page.getByLabel('URL').fill(receiver.url);
      await page.getByLabel('Description').fill('directory mirror <b>');
      await page.getByLabel('Only these events').check();
      await page.getByLabel('user.created').check();
      await page.getByLabel('user.deleted').check();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByText('it is shown only once').waitFor();
      secret = await page.locator('#webhook-secret').inputValue();
      assert.match(secret, /^whsec_/);
      await page.getByRole('button', { name: 'Copy signing secret' }).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
      await shot('secret');
    });

    it("should show the endpoint's deliveries of SCIM writes, signed, in its log", async () => {
      const { token } = await cliJson(['tokens', 'create', '--idp', 'okta'], env);
      const res = await scimOver(server.origin, token, 'POST', '/Users', {
        schemas: [USER],
        userName: 'hooked@example.com',
      });
      assert.equal(res.status, 201);
      await until(() => receiver.received.length >= 1, 'the event arrives');
      assert.ok(verifyStandardWebhook(secret, receiver.received[0]!, Math.floor(Date.now() / 1000)));
      assert.equal(JSON.parse(receiver.received[0]!.body).type, 'user.created');
      await page.getByRole('link', { name: 'Go to the endpoint' }).click();
      await page.getByRole('link', { name: 'Back to Webhooks' }).click();
      assert.ok(await page.getByText('directory mirror <b>').isVisible(), 'shown as text');
      await page.getByRole('link', { name: receiver.url }).click();
      await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
      assert.match(await page.locator('table').innerText(), /user\.created\s+delivered/);
      await shot('endpoint');
    });

    it('should disable, enable skipping to now, replay from seq 1 and remove after confirming', async () => {
      await page.getByRole('button', { name: 'Disable' }).click();
      await page.getByText('The endpoint is disabled.').waitFor();
      await page.getByRole('button', { name: 'Enable: skip to now' }).click();
      await page.getByText('The endpoint is enabled.').waitFor();
      await page.getByLabel('From seq').fill('1');
      await page.getByRole('button', { name: 'Replay', exact: true }).click();
      await page.getByText('Delivery goes on from seq 1.').waitFor();
      await until(() => receiver.received.length >= 2, 'the replayed event arrives');
      assert.equal(receiver.received[1]!.headers['webhook-id'], receiver.received[0]!.headers['webhook-id']);
      await page.goto(`${server.origin}/admin/webhooks?lang=fr`);
      await page.getByRole('link', { name: 'Français' }).click();
      await page.getByRole('heading', { name: 'Points de terminaison' }).waitFor();
      await shot('list-fr');
      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('link', { name: receiver.url }).click();
      await page.getByRole('button', { name: 'Remove' }).click();
      await page.getByRole('button', { name: 'Remove' }).click();
      await page.getByText('The endpoint was removed.').waitFor();
      assert.ok(await page.getByText('No endpoints yet.').isVisible());
    });

    it('should add an endpoint that receives Security Event Tokens, chosen in the form, and show its format', async () => {
      assert.ok(await page.getByLabel("Roster's JSON events").isChecked(), 'Roster JSON by default');
      await page.getByLabel('URL').fill(receiver.url);
      await page.getByLabel('Security Event Tokens (RFC 9967)').check();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByText('it is shown only once').waitFor();
      await page.getByRole('link', { name: 'Go to the endpoint' }).click();
      await page.getByRole('link', { name: 'Back to Webhooks' }).click();
      const row = page.getByRole('row').filter({ hasText: receiver.url });
      assert.match(await row.innerText(), /Security Event Tokens \(RFC 9967\)/);
      await shot('set-format');
      const before = receiver.received.length;
      await row.getByRole('link', { name: receiver.url }).click();
      await page.getByRole('button', { name: 'Send test event' }).click();
      await until(() => receiver.received.length > before, 'the test SET arrives');
      assert.equal(receiver.received[before]!.headers['content-type'], 'application/secevent+jwt');
    });
  });
}
