import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

/** The setup code `roster serve` prints on first run, once it has printed it. */
async function printedSetupCode(server: RunningServer): Promise<string | undefined> {
  for (let i = 0; i < 50; i++) {
    const code = /setup code\n +([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(server.output())?.[1];
    if (code) return code;
    if (/admin portal: .*\n.*\n$/.test(server.output()) && i > 10) return undefined;
    await sleep(100);
  }
  return undefined;
}

for (const dialect of await dialects()) {
  describe(`portal accounts from the server's first run and the CLI (${dialect})`, { concurrency: 1 }, () => {
    let db: FreshDatabase;
    let env: Record<string, string>;
    before(async () => {
      db = await freshDatabase(dialect);
      env = { ROSTER_DATABASE_URL: db.url };
    });
    after(() => db.drop());

    it('should print a one-time setup code on first start that creates the owner in the portal', async () => {
      const server = await startServe(env);
      try {
        assert.match(server.output(), /admin portal: http:\/\/.*\/admin/);
        const code = await printedSetupCode(server);
        assert.ok(code, server.output());
        const form = await fetch(`${server.origin}/admin/setup`);
        const cookie = form.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
        const res = await fetch(`${server.origin}/admin/setup`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            _csrf: csrf,
            code,
            email: 'first@example.com',
            password: 'first owner passphrase',
            password2: 'first owner passphrase',
          }),
        });
        assert.equal(res.status, 303);
      } finally {
        await server.stop();
      }
      const again = await startServe(env);
      try {
        assert.equal(await printedSetupCode(again), undefined, 'no code once an account exists');
      } finally {
        await again.stop();
      }
    });

    it('should create accounts with `roster admins create`, never printing the password', async () => {
      const password = 'viewer passphrase from stdin';
      const created = await runCli(
        ['admins', 'create', '--email', 'Viewer@Example.com', '--role', 'viewer', '--password-stdin', '--json'],
        env,
        `${password}\n`,
      );
      assert.equal(created.code, 0, created.stderr);
      const account = JSON.parse(created.stdout);
      assert.equal(account.email, 'viewer@example.com');
      assert.equal(account.role, 'viewer');
      assert.ok(!created.stdout.includes(password) && !created.stderr.includes(password));
      const listed = await runCli(['admins', 'list', '--json'], env);
      assert.deepEqual(
        JSON.parse(listed.stdout).map((a: { email: string; role: string }) => `${a.email}:${a.role}`),
        ['first@example.com:owner', 'viewer@example.com:viewer'],
      );
      assert.ok(!listed.stdout.includes('argon2'), 'the hash is never shown');
    });

    it('should explain a bad password, role, email or a taken email', async () => {
      for (const [args, message] of [
        [['--email', 'a@example.com', '--password', 'short'], /at least 12 characters/],
        [['--email', 'a@example.com', '--password', 'long enough password', '--role', 'root'], /Unknown role "root"/],
        [['--email', 'not-an-email', '--password', 'long enough password'], /is not an email address/],
        [['--email', 'VIEWER@example.com', '--password', 'long enough password'], /already exists/],
        [['--email', 'a@example.com'], /--password or --password-stdin/],
      ] as const) {
        const res = await runCli(['admins', 'create', ...args], env);
        assert.equal(res.code, 1, res.stdout);
        assert.match(res.stderr, message);
      }
    });

    it('should change roles and remove accounts with `roster admins role` and `remove`, never leaving the tenant without an owner', async () => {
      const lastDemoted = await runCli(['admins', 'role', 'first@example.com', 'viewer'], env);
      assert.equal(lastDemoted.code, 1);
      assert.match(lastDemoted.stderr, /^roster: first@example\.com is the tenant's last owner/);
      const lastRemoved = await runCli(['admins', 'remove', 'First@Example.com'], env);
      assert.equal(lastRemoved.code, 1);
      assert.match(lastRemoved.stderr, /last owner/);

      const promoted = await runCli(['admins', 'role', 'VIEWER@example.com', 'owner', '--json'], env);
      assert.equal(promoted.code, 0, promoted.stderr);
      assert.equal(JSON.parse(promoted.stdout).role, 'owner');
      const again = await runCli(['admins', 'role', 'viewer@example.com', 'owner'], env);
      assert.match(again.stdout, /already had role owner/);
      const removed = await runCli(['admins', 'remove', 'first@example.com'], env);
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(removed.stdout, 'Account first@example.com removed; its sessions have ended.\n');
      const demotedSole = await runCli(['admins', 'role', 'viewer@example.com', 'admin'], env);
      assert.equal(demotedSole.code, 1, 'the new sole owner stays owner');
      const listed = await runCli(['admins', 'list', '--json'], env);
      assert.deepEqual(
        JSON.parse(listed.stdout).map((a: { email: string; role: string }) => `${a.email}:${a.role}`),
        ['viewer@example.com:owner'],
      );

      for (const [args, message] of [
        [['role', 'nobody@example.com', 'admin'], /No account nobody@example\.com/],
        [['remove', 'nobody@example.com'], /No account nobody@example\.com/],
        [['role', 'viewer@example.com', 'root'], /Unknown role "root"/],
        [['role', 'viewer@example.com', 'admin', '--tenant', 'nowhere'], /No tenant "nowhere"/],
      ] as const) {
        const res = await runCli(['admins', ...args], env);
        assert.equal(res.code, 1, res.stdout);
        assert.match(res.stderr, message);
      }
      const events = JSON.parse(
        (await runCli(['audit', 'list', '--type', 'admin.role_changed,admin.removed', '--json'], env)).stdout,
      );
      const lines = (events.events as { type: string; actor: string; details: { email: string } }[]).map(
        (e) => `${e.type} ${e.details.email} ${e.actor.split(':')[0]}`,
      );
      assert.deepEqual(lines, ['admin.removed first@example.com cli', 'admin.role_changed viewer@example.com cli']);
    });

    it('should set a forgotten password with `roster admins password`: the old one stops working, the new one signs in', async () => {
      const fresh = 'a brand new passphrase';
      const reset = await runCli(['admins', 'password', 'Viewer@Example.com', '--password-stdin'], env, `${fresh}\n`);
      assert.equal(reset.code, 0, reset.stderr);
      assert.match(reset.stdout, /^Password of viewer@example\.com set; (1 session|\d+ sessions) ended\.\n$/);
      assert.ok(!reset.stdout.includes(fresh));
      const short = await runCli(['admins', 'password', 'viewer@example.com', '--password', 'short'], env);
      assert.match(short.stderr, /at least 12 characters/);
      const nobody = await runCli(['admins', 'password', 'nobody@example.com', '--password', fresh], env);
      assert.match(nobody.stderr, /No account nobody@example\.com/);

      const server = await startServe(env);
      try {
        const signIn = async (password: string) => {
          const form = await fetch(`${server.origin}/admin/sign-in`);
          const cookie = form.headers
            .getSetCookie()
            .map((c) => c.split(';')[0])
            .join('; ');
          const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
          const res = await fetch(`${server.origin}/admin/sign-in`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: csrf, email: 'viewer@example.com', password }),
          });
          return res.status;
        };
        assert.equal(await signIn('viewer passphrase from stdin'), 401, 'the old password is refused');
        assert.equal(await signIn(fresh), 303);
      } finally {
        await server.stop();
      }
    });
  });
}
