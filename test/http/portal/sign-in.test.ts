import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { csrfOf, startPortal, type TestPortal } from '../../helpers/portal.ts';

const PROVISIONING = '/admin/identity/user-provisioning';
const cookieLine = (res: { headers: Record<string, unknown> }, name: string): string => {
  const set = res.headers['set-cookie'];
  const lines = Array.isArray(set) ? set : typeof set === 'string' ? [set] : [];
  return lines.find((l: string) => l.startsWith(`${name}=`)) ?? '';
};

for (const dialect of await dialects()) {
  describe(`portal sign-in and first-run setup (${dialect})`, { concurrency: 1 }, () => {
    let p: TestPortal;
    before(async () => {
      p = await startPortal(dialect);
    });
    after(() => p.close());

    it('should send a signed-out visitor to sign-in, and offer first-run setup while no account exists', async () => {
      const visitor = p.anonymous();
      const page = await visitor.get(PROVISIONING);
      assert.equal(page.status, 303);
      assert.equal(page.headers.location, `/admin/sign-in?next=${encodeURIComponent(PROVISIONING)}`);
      const signIn = await visitor.get('/admin/sign-in');
      assert.equal(signIn.status, 200);
      assert.match(signIn.body, /href="\/admin\/setup"/);
      assert.equal((await p.app.inject({ method: 'GET', url: '/' })).headers.location, '/admin');
    });

    it('should create the owner only with the printed setup code, once', async () => {
      const code = await p.roster.setup.issueIfNeeded();
      assert.match(code ?? '', /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const visitor = p.anonymous();
      const form = await visitor.get('/admin/setup');
      assert.equal(form.status, 200);
      const csrf = csrfOf(form.body);
      const fields = {
        _csrf: csrf,
        email: 'Owner@Example.com',
        password: 'a long enough passphrase',
        password2: 'a long enough passphrase',
      };

      const wrong = await visitor.post('/admin/setup', { ...fields, code: 'AAAA-BBBB-CCCC' });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body, /setup code is wrong/);
      assert.equal(await p.roster.admins.any(), false, 'a wrong code creates nothing');

      const short = await visitor.post('/admin/setup', {
        ...fields,
        code: code!,
        password: 'short',
        password2: 'short',
      });
      assert.equal(short.status, 400);
      assert.match(short.body, /at least 12 characters/);

      const done = await visitor.post('/admin/setup', { ...fields, code: code!.toLowerCase() });
      assert.equal(done.status, 303);
      assert.equal(done.headers.location, PROVISIONING);
      const session = cookieLine(done, 'roster_session');
      assert.match(session, /HttpOnly/);
      assert.match(session, /SameSite=Lax/);
      assert.match(session, /Secure/, 'the public URL is HTTPS');
      const admins = await p.roster.admins.list(p.tenantId);
      assert.deepEqual(
        admins.map((a) => [a.email, a.role]),
        [['owner@example.com', 'owner']],
      );
      const signedIn = await visitor.get(PROVISIONING);
      assert.match(signedIn.body, /owner@example\.com/);

      const again = await p.anonymous().get('/admin/setup');
      assert.equal(again.status, 303, 'setup is closed once an account exists');
      assert.equal(await p.roster.setup.issueIfNeeded(), undefined, 'no new code is printed either');
      const events = await p.roster.audit.list({ tenantId: p.tenantId, types: ['admin.created', 'admin.signed_in'] });
      assert.deepEqual(events.events.map((e) => e.type).sort(), ['admin.created', 'admin.signed_in']);
    });

    it('should refuse a wrong password, audit it, and rate-limit repeated failures even with the right one', async () => {
      const email = 'limited@example.com';
      const password = 'the right passphrase';
      await p.roster.admins.create(p.tenantId, { email, password, role: 'admin' }, { kind: 'cli' });
      const visitor = p.anonymous();
      const csrf = csrfOf((await visitor.get('/admin/sign-in')).body);
      for (let i = 0; i < 5; i++) {
        const res = await visitor.post('/admin/sign-in', { _csrf: csrf, email, password: `wrong ${i}` });
        assert.equal(res.status, 401);
        assert.match(res.body, /email or password is wrong/);
        assert.ok(!res.body.includes(`wrong ${i}`), 'the password is never echoed');
      }
      const limited = await visitor.post('/admin/sign-in', { _csrf: csrf, email, password });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal(cookieLine(limited, 'roster_session'), '');
      const failed = await p.roster.audit.list({ tenantId: p.tenantId, types: ['admin.sign_in_failed'] });
      assert.equal(failed.events.length, 5);
      const unknown = await visitor.post('/admin/sign-in', { _csrf: csrf, email: 'nobody@example.com', password });
      assert.equal(unknown.status, 401, 'an unknown email gets the same answer');
    });

    it('should refuse every POST without the CSRF token of its own session', async () => {
      const owner = await p.signIn('owner');
      const other = await p.signIn('admin');
      const none = await owner.post('/admin/sign-out', { _csrf: '' });
      assert.equal(none.status, 403);
      const foreign = await owner.post('/admin/sign-out', { _csrf: other.csrf });
      assert.equal(foreign.status, 403);
      assert.equal((await owner.get(PROVISIONING)).status !== 303, true, 'still signed in');
      const visitor = p.anonymous();
      await visitor.get('/admin/sign-in');
      const noCookieMatch = await visitor.post('/admin/sign-in', {
        _csrf: 'forged-forged-forged-forged-forged',
        email: owner.email,
        password: owner.password,
      });
      assert.equal(noCookieMatch.status, 403, 'sign-in has a pre-session CSRF token');
    });

    it('should sign out on every instance at once, and audit it', async () => {
      const admin = await p.signIn('admin');
      const cookies = admin.cookieHeader();
      const out = await admin.post('/admin/sign-out');
      assert.equal(out.status, 303);
      const replay = await p.app.inject({ method: 'GET', url: PROVISIONING, headers: { cookie: cookies } });
      assert.equal(replay.statusCode, 303, 'the old session cookie no longer works');
      const events = await p.roster.audit.list({ tenantId: p.tenantId, types: ['admin.signed_out'] });
      assert.equal(events.events[0]?.actor, `admin:${admin.email}`);
    });

    it('should send strict security headers and never cache pages', async () => {
      const res = await p.anonymous().get('/admin/sign-in');
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.doesNotMatch(res.body, /<script>|\sstyle="|\son\w+="/, 'no inline script, style or handler');
    });

    it('should never redirect after sign-in to another site', async () => {
      const admin = await p.signIn('viewer');
      const visitor = p.anonymous();
      const csrf = csrfOf((await visitor.get('/admin/sign-in')).body);
      for (const next of ['//evil.example/x', 'https://evil.example/', '/admin/\\evil']) {
        const res = await visitor.post('/admin/sign-in', {
          _csrf: csrf,
          email: admin.email,
          password: admin.password,
          next,
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.location, PROVISIONING, next);
      }
    });

    it('should speak French when the browser asks, and switch language on demand', async () => {
      const visitor = p.anonymous();
      const fr = await visitor.get('/admin/sign-in', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
      assert.match(fr.body, /<html lang="fr">/);
      assert.match(fr.body, /Se connecter/);
      const toEnglish = await visitor.get('/admin/language?to=en&back=%2Fadmin%2Fsign-in');
      assert.equal(toEnglish.status, 303);
      const en = await visitor.get('/admin/sign-in', { 'accept-language': 'fr' });
      assert.match(en.body, /<html lang="en">/, 'the chosen language wins over the browser');
    });
  });
}

for (const dialect of await dialects()) {
  describe(`first-run setup with two printed codes (${dialect})`, () => {
    let p: TestPortal;
    before(async () => {
      p = await startPortal(dialect);
    });
    after(() => p.close());

    it('should make one owner: the code used second sends its user to sign-in and creates nothing', async () => {
      // Each instance prints its own code at start; both are valid until one is used.
      const codes = [await p.roster.setup.issueIfNeeded(), await p.roster.setup.issueIfNeeded()];
      const locations = [];
      for (const [i, code] of codes.entries()) {
        const visitor = p.anonymous();
        const csrf = csrfOf((await visitor.get('/admin/sign-in')).body);
        const password = `second passphrase ${i}`;
        const res = await visitor.post('/admin/setup', {
          _csrf: csrf,
          code: code!,
          email: `owner${i}@example.com`,
          password,
          password2: password,
        });
        assert.equal(res.status, 303);
        locations.push(res.headers.location);
      }
      assert.deepEqual(locations, ['/admin/identity/user-provisioning', '/admin/sign-in']);
      assert.deepEqual(
        (await p.roster.admins.list(p.tenantId)).map((a) => a.email),
        ['owner0@example.com'],
      );
    });
  });
}
