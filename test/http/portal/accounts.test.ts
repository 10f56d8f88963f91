import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { csrfOf, startPortal, type PortalAgent, type TestPortal } from '../../helpers/portal.ts';
import { textOf } from '../../helpers/table-rows.ts';
import { eventsOfType } from '../../helpers/audit-events.ts';

const ACCOUNTS = '/admin/accounts';
const PASSWORD = '/admin/account/password';
const AUDIT = '/admin/identity/audit-history';
const account = (id: string, action: 'role' | 'remove') => `${ACCOUNTS}/${id}/${action}`;

/** The accounts table's rows: email (with "(you)"), role, created, last sign-in[, menu]. */
function accountRows(page: string): string[][] {
  const body = /<table class="accounts-table">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
    [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = '']) => textOf(cell)),
  );
}
const roleIn = (page: string, email: string): string | undefined =>
  accountRows(page).find((r) => r[0]?.startsWith(email))?.[1];

/** Signs in through the form as a browser would; `csrf` is the new session's form token. */
async function signInWithForm(
  p: TestPortal,
  email: string,
  password: string,
): Promise<{ agent: PortalAgent; status: number; csrf: string }> {
  const agent = p.anonymous();
  const form = await agent.get('/admin/sign-in');
  const res = await agent.post('/admin/sign-in', { _csrf: csrfOf(form.body), email, password });
  if (res.status !== 303) return { agent, status: res.status, csrf: '' };
  return { agent, status: res.status, csrf: csrfOf((await agent.get(ACCOUNTS)).body) };
}

for (const dialect of await dialects()) {
  describe(`portal accounts and password changes (${dialect})`, { concurrency: 1 }, () => {
    let p: TestPortal;
    let owner: PortalAgent;
    const idOf = async (email: string): Promise<string> => (await p.roster.admins.findByEmail(p.tenantId, email)).id;
    const emails = async (): Promise<string[]> =>
      (await p.roster.admins.list(p.tenantId)).map((a) => `${a.email}:${a.role}`);
    before(async () => {
      p = await startPortal(dialect);
      owner = await p.signIn('owner');
    });
    after(() => p.close());

    it('should list Accounts first under Admin in the navigation, and link Change password in the header', async () => {
      const page = await owner.get(ACCOUNTS);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /text\/html; charset=utf-8/);
      const nav = /<nav aria-label="Main" class="side">([\s\S]*?)<\/nav>/.exec(page.body)?.[1] ?? '';
      assert.match(textOf(nav), /^Admin Accounts Webhooks Identity User Provisioning/);
      assert.match(nav, /<a href="\/admin\/accounts" aria-current="page">Accounts<\/a>/);
      const header = /<header class="top">([\s\S]*?)<\/header>/.exec(page.body)?.[1] ?? '';
      assert.match(header, /<a href="\/admin\/account\/password">Change password<\/a>[\s\S]*Sign out/);
      assert.deepEqual(
        accountRows(page.body).map((r) => r.slice(0, 2)),
        [[`${owner.email} (you)`, 'Owner']],
      );
      assert.doesNotMatch(page.body, /<script>|\sstyle="|\son\w+="/, 'no inline script, style or handler');
    });

    it('should let an owner add an administrator and a viewer who can then sign in', async () => {
      for (const [email, role] of [
        ['ann.admin@example.com', 'admin'],
        ['vic.viewer@example.com', 'viewer'],
      ] as const) {
        const res = await owner.post(ACCOUNTS, {
          email,
          role,
          password: `${role} initial passphrase`,
          password2: `${role} initial passphrase`,
        });
        assert.equal(res.status, 303, res.body.slice(0, 500));
        assert.equal(res.headers.location, `${ACCOUNTS}?done=added&email=${encodeURIComponent(email)}`);
        const page = await owner.get(String(res.headers.location));
        assert.match(
          page.body,
          new RegExp(`<p class="notice success" role="status">Account ${email.replace('.', '\\.')} added\\.</p>`),
        );
        assert.equal(roleIn(page.body, email), role === 'admin' ? 'Administrator' : 'Viewer (read-only)');
        const signedIn = await signInWithForm(p, email, `${role} initial passphrase`);
        assert.equal(signedIn.status, 303, `${email} signs in`);
        const own = await signedIn.agent.get(ACCOUNTS);
        assert.equal(own.status, 200);
        assert.match(own.body, new RegExp(`Signed in as ${email.replace('.', '\\.')}`));
      }
    });

    it('should refuse an account with differing or short passwords or a taken email, keeping what was typed but no password', async () => {
      const before = await emails();
      const cases = [
        [
          {
            email: 'new@example.com',
            role: 'viewer',
            password: 'first passphrase here',
            password2: 'second passphrase here',
          },
          400,
          /The two passwords differ/,
        ],
        [
          { email: 'new@example.com', role: 'viewer', password: 'short', password2: 'short' },
          400,
          /at least 12 characters/,
        ],
        [
          {
            email: 'not an email',
            role: 'viewer',
            password: 'long enough passphrase',
            password2: 'long enough passphrase',
          },
          400,
          /is not an email address/,
        ],
        [
          {
            email: 'new@example.com',
            role: 'root',
            password: 'long enough passphrase',
            password2: 'long enough passphrase',
          },
          400,
          /Unknown role/,
        ],
        [
          {
            email: 'ANN.admin@example.com',
            role: 'viewer',
            password: 'long enough passphrase',
            password2: 'long enough passphrase',
          },
          409,
          /already exists/,
        ],
      ] as const;
      for (const [form, status, message] of cases) {
        const res = await owner.post(ACCOUNTS, form);
        assert.equal(res.status, status, JSON.stringify(form));
        assert.match(res.body, message);
        assert.match(res.body, /<p class="notice error" role="alert">/);
        assert.ok(res.body.includes(`value="${form.email}"`), 'the email stays in the form');
        assert.ok(!res.body.includes(form.password), 'a password is never sent back');
      }
      assert.deepEqual(await emails(), before, 'nothing was added');
    });

    it("should change an account's role, which applies to its next request", async () => {
      const admin = await p.signIn('admin');
      const id = await idOf(admin.email);
      const res = await owner.post(account(id, 'role'), { role: 'viewer' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `${ACCOUNTS}?done=role&email=${encodeURIComponent(admin.email)}&role=viewer`);
      const page = await owner.get(String(res.headers.location));
      assert.match(page.body, /now has the role Viewer \(read-only\)\./);
      assert.equal(roleIn(page.body, admin.email), 'Viewer (read-only)');
      assert.match((await admin.get(ACCOUNTS)).body, /\(viewer \(read-only\)\)/, 'the header shows the new role');
      const write = await admin.post('/admin/identity/scim-attributes', { name: 'badge', type: 'string' });
      assert.equal(write.status, 403, 'a viewer now');
      assert.equal((await owner.post(account(id, 'role'), { role: 'superuser' })).status, 400);
      assert.equal((await p.roster.admins.get(p.tenantId, id)).role, 'viewer');
    });

    it('should remove an account only after a confirmation step, signing it out at once', async () => {
      const admin = await p.signIn('admin');
      const id = await idOf(admin.email);
      const confirm = await owner.post(account(id, 'remove'));
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /<h1>Remove [^<]+\?<\/h1>/);
      assert.match(confirm.body, /name="confirm" value="yes"/);
      assert.match(confirm.body, /its open sessions end at once/);
      assert.equal((await admin.get(ACCOUNTS)).status, 200, 'nothing happened before confirming');

      const removed = await owner.post(account(id, 'remove'), { confirm: 'yes' });
      assert.equal(removed.status, 303);
      assert.equal(removed.headers.location, `${ACCOUNTS}?done=removed&email=${encodeURIComponent(admin.email)}`);
      assert.match((await owner.get(String(removed.headers.location))).body, /removed; its sessions have ended/);
      assert.ok(!(await emails()).some((e) => e.startsWith(admin.email)));
      const next = await admin.get(ACCOUNTS);
      assert.equal(next.status, 303, 'the removed account is signed out');
      assert.match(String(next.headers.location), /^\/admin\/sign-in/);
      assert.equal((await signInWithForm(p, admin.email, admin.password)).status, 401);
      assert.equal((await owner.post(account(id, 'remove'), { confirm: 'yes' })).status, 404, 'already gone');
    });

    it('should never demote or remove the last owner, nor let an owner remove their own account', async () => {
      const solo = await p.roster.tenants.create(`solo-${dialect}`);
      const last = await p.signIn('owner', { tenantId: solo.id });
      const lastId = (await p.roster.admins.findByEmail(solo.id, last.email)).id;
      const demote = await last.post(account(lastId, 'role'), { role: 'admin' });
      assert.equal(demote.status, 409);
      assert.match(demote.body, /The role was not changed: .*last owner/);
      const self = await last.post(account(lastId, 'remove'));
      assert.equal(self.status, 409);
      assert.match(self.body, /cannot remove your own account/);
      assert.equal((await last.post(account(lastId, 'remove'), { confirm: 'yes' })).status, 409);
      assert.deepEqual(
        (await p.roster.admins.list(solo.id)).map((a) => a.role),
        ['owner'],
        'unchanged',
      );
      const selfLink = accountRows((await last.get(ACCOUNTS)).body)[0]?.join(' ') ?? '';
      assert.doesNotMatch(selfLink, /Remove/, "one's own row offers no Remove");

      // Two owners demoting each other at once: one wins; the other is refused as the last
      // owner (409), or as no longer an owner (403) when the winner finished first.
      const second = await p.signIn('owner', { tenantId: solo.id });
      const secondId = (await p.roster.admins.findByEmail(solo.id, second.email)).id;
      const [a, b] = await Promise.all([
        last.post(account(secondId, 'role'), { role: 'viewer' }),
        second.post(account(lastId, 'role'), { role: 'viewer' }),
      ]);
      const [won, lost] = [a.status, b.status].sort();
      assert.equal(won, 303);
      assert.ok(lost === 403 || lost === 409, String(lost));
      assert.deepEqual((await p.roster.admins.list(solo.id)).map((x) => x.role).sort(), ['owner', 'viewer']);
    });

    it('should keep an owner when a demotion and a removal of the only two owners race', async () => {
      const actor = { kind: 'cli', user: 'test' } as const;
      for (let i = 0; i < 5; i++) {
        const tenant = await p.roster.tenants.create(`race-${i}-${dialect}`);
        const create = (email: string) =>
          p.roster.admins.create(tenant.id, { email, password: 'long enough passphrase', role: 'owner' }, actor);
        const [a, b] = [await create(`a${i}-${dialect}@example.com`), await create(`b${i}-${dialect}@example.com`)];
        const results = await Promise.allSettled([
          p.roster.admins.changeRole(tenant.id, a.id, 'viewer', actor),
          p.roster.admins.remove(tenant.id, b.id, actor),
        ]);
        assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
        const owners = (await p.roster.admins.list(tenant.id)).filter((x) => x.role === 'owner');
        assert.equal(owners.length, 1, 'exactly one owner is left');
      }
    });

    it("should not reach another tenant's accounts", async () => {
      const other = await p.roster.tenants.create(`other-${dialect}`);
      const stranger = await p.signIn('admin', { tenantId: other.id });
      const strangerId = (await p.roster.admins.findByEmail(other.id, stranger.email)).id;
      assert.equal((await owner.post(account(strangerId, 'role'), { role: 'viewer' })).status, 404);
      assert.equal((await owner.post(account(strangerId, 'remove'), { confirm: 'yes' })).status, 404);
      assert.equal((await p.roster.admins.get(other.id, strangerId)).role, 'admin');
      assert.ok(!(await owner.get(ACCOUNTS)).body.includes(stranger.email));
    });

    it('should show administrators and viewers the table only, and refuse each of their accounts POSTs with 403', async () => {
      const targetId = await idOf('vic.viewer@example.com');
      const ownerId = await idOf(owner.email);
      for (const role of ['admin', 'viewer'] as const) {
        const agent = await p.signIn(role);
        const page = await agent.get(ACCOUNTS);
        assert.equal(page.status, 200);
        assert.ok(accountRows(page.body).length >= 3);
        assert.doesNotMatch(page.body, /<details class="menu">|action="\/admin\/accounts"/, 'no menu, no Add form');
        assert.match(page.body, /Only an owner can add, change or remove accounts/);
        const before = await emails();
        const posts: [string, Record<string, string>][] = [
          [
            ACCOUNTS,
            {
              email: `${role}-made@example.com`,
              role: 'owner',
              password: 'long enough passphrase',
              password2: 'long enough passphrase',
            },
          ],
          [account(targetId, 'role'), { role: 'owner' }],
          [account(await idOf(agent.email), 'role'), { role: 'owner' }],
          [account(ownerId, 'role'), { role: 'viewer' }],
          [account(targetId, 'remove'), {}],
          [account(targetId, 'remove'), { confirm: 'yes' }],
          [account(ownerId, 'remove'), { confirm: 'yes' }],
        ];
        for (const [path, form] of posts) {
          const res = await agent.post(path, form);
          assert.equal(res.status, 403, `${role} ${path} ${JSON.stringify(form)}`);
          assert.match(res.body, /Only an owner can add, change or remove accounts/);
        }
        assert.deepEqual(await emails(), before, 'nothing changed');
      }
    });

    it("should change a viewer's own password: wrong current 400, too short 400, then only the new one works and other sessions end", async () => {
      const viewer = await p.signIn('viewer');
      const other = await signInWithForm(p, viewer.email, viewer.password);
      assert.equal(other.status, 303);
      const form = await viewer.get(PASSWORD);
      assert.equal(form.status, 200);
      assert.match(form.body, /autocomplete="current-password"/);
      assert.match(form.body, /<li>Admin<\/li><li aria-current="page">Change password<\/li>/);
      const next = 'a brand new passphrase';

      const wrong = await viewer.post(PASSWORD, { current: 'not my password at all', password: next, password2: next });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body, /The current password is wrong/);
      const differ = await viewer.post(PASSWORD, { current: viewer.password, password: next, password2: `${next}!` });
      assert.equal(differ.status, 400);
      assert.match(differ.body, /The two new passwords differ/);
      const short = await viewer.post(PASSWORD, { current: viewer.password, password: 'short', password2: 'short' });
      assert.equal(short.status, 400);
      assert.match(short.body, /at least 12 characters/);
      for (const res of [wrong, differ, short])
        assert.ok(!res.body.includes(viewer.password) && !res.body.includes(next), 'no password is sent back');
      assert.equal((await other.agent.get(ACCOUNTS)).status, 200, 'refusals end no session');

      const done = await viewer.post(PASSWORD, { current: viewer.password, password: next, password2: next });
      assert.equal(done.status, 303);
      assert.equal(done.headers.location, `${PASSWORD}?done=changed`);
      const notice = await viewer.get(String(done.headers.location));
      assert.equal(notice.status, 200, 'this session stays signed in');
      assert.match(notice.body, /Your password has been changed\./);
      assert.equal((await other.agent.get(ACCOUNTS)).status, 303, 'the other session ended');
      assert.equal((await signInWithForm(p, viewer.email, viewer.password)).status, 401, 'the old password is refused');
      assert.equal((await signInWithForm(p, viewer.email, next)).status, 303, 'the new one is accepted');
    });

    it('should limit wrong current passwords like sign-in attempts', async () => {
      const admin = await p.signIn('admin');
      for (let i = 0; i < 5; i++) {
        const res = await admin.post(PASSWORD, {
          current: `wrong ${i} password`,
          password: 'another passphrase',
          password2: 'another passphrase',
        });
        assert.equal(res.status, 400);
      }
      const limited = await admin.post(PASSWORD, {
        current: admin.password,
        password: 'another passphrase',
        password2: 'another passphrase',
      });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal(
        (await signInWithForm(p, admin.email, admin.password)).status,
        429,
        'the account is guarded on the sign-in form too',
      );
    });

    it('should audit each change, naming the actor and the account and never a password', async () => {
      const { events } = await p.roster.audit.list({
        tenantId: p.tenantId,
        types: ['admin.created', 'admin.role_changed', 'admin.removed', 'admin.password_changed'],
        limit: 100,
      });
      const added = eventsOfType(events, 'admin.created').find((e) => e.details.email === 'ann.admin@example.com');
      assert.equal(added?.actor, `admin:${owner.email}`);
      assert.equal(added?.targetType, 'admin');
      const role = eventsOfType(events, 'admin.role_changed')[0];
      assert.equal(role?.actor, `admin:${owner.email}`);
      assert.deepEqual([role?.details.previousRole, role?.details.role], ['admin', 'viewer']);
      assert.match(String(role?.details.email), /@example\.com$/);
      const removed = eventsOfType(events, 'admin.removed')[0];
      assert.equal(removed?.actor, `admin:${owner.email}`);
      assert.equal(removed?.targetType, 'admin');
      const changed = eventsOfType(events, 'admin.password_changed')[0];
      assert.equal(changed?.actor, `admin:${changed?.details.email}`);
      assert.equal(changed?.details.sessionsEnded, 1);
      const all = JSON.stringify(events);
      for (const secret of ['passphrase', 'argon2', 'password_hash'])
        assert.ok(!all.includes(secret), `no ${secret} in audit events`);

      const page = await owner.get(`${AUDIT}?type=admin.role_changed`);
      assert.match(page.body, /Administrator role changed/);
      assert.match(textOf(page.body), /role: administrator → viewer/);
      const fr = await p.signIn('owner', { locale: 'fr' });
      const frPage = async (type: string) => textOf((await fr.get(`${AUDIT}?type=${type}`)).body);
      assert.match(
        await frPage('admin.role_changed'),
        /Rôle d'administrateur modifié .*rôle : administrateur → lecteur/,
      );
      assert.match(await frPage('admin.removed'), /Compte administrateur supprimé .*rôle : administrateur/);
      assert.match(
        await frPage('admin.password_changed'),
        /Mot de passe administrateur modifié .*autres sessions fermées : 1/,
      );
    });

    it('should speak French on both pages', async () => {
      const fr = await p.signIn('owner', { locale: 'fr-FR,fr;q=0.9' });
      const page = await fr.get(ACCOUNTS);
      assert.match(page.body, /<html lang="fr">/);
      assert.match(page.body, /<h1>Comptes<\/h1>/);
      assert.match(page.body, /Ajouter un compte/);
      assert.match(page.body, /Rendre lecteur/);
      assert.match(page.body, /Changer le mot de passe<\/a>/);
      const refused = await fr.post(ACCOUNTS, {
        email: 'x@example.com',
        role: 'admin',
        password: 'first passphrase here',
        password2: 'other passphrase here',
      });
      assert.match(refused.body, /Les deux mots de passe diffèrent/);
      const password = await fr.get(PASSWORD);
      assert.match(password.body, /Mot de passe actuel/);
      const wrong = await fr.post(PASSWORD, {
        current: 'pas le bon mot de passe',
        password: 'une nouvelle phrase',
        password2: 'une nouvelle phrase',
      });
      assert.match(wrong.body, /Le mot de passe actuel est faux/);
      const viewer = await p.signIn('viewer', { locale: 'fr' });
      assert.equal((await viewer.post(ACCOUNTS, {})).status, 403);
      assert.match((await viewer.post(ACCOUNTS, {})).body, /Seul un propriétaire peut/);
    });

    it('should show an email like <script>@x.y as text, in the table, the notice and the menu', async () => {
      const email = '<script>@x.y';
      const res = await owner.post(ACCOUNTS, {
        email,
        role: 'viewer',
        password: 'long enough passphrase',
        password2: 'long enough passphrase',
      });
      assert.equal(res.status, 303);
      const page = await owner.get(String(res.headers.location));
      assert.ok(!page.body.includes('<script>@'), 'never as markup');
      assert.match(page.body, /Account &lt;script&gt;@x\.y added\./);
      assert.equal(roleIn(page.body, email), 'Viewer (read-only)');
      assert.match(page.body, /aria-label="Select an action for &lt;script&gt;@x\.y"/);
      const forged = await owner.get(
        `${ACCOUNTS}?done=added&email=${encodeURIComponent('<img src=x onerror=alert(1)>@x')}`,
      );
      assert.ok(!forged.body.includes('<img'), 'a forged notice is escaped or dropped');
    });
  });
}
