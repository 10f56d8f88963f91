import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import { csrfOf, startPortal, type TestPortal } from '../../helpers/portal.ts';

const secureCookie = (res: { headers: Record<string, unknown> }): boolean => {
  const set = res.headers['set-cookie'];
  return (Array.isArray(set) ? set : typeof set === 'string' ? [set] : []).some((line: string) =>
    /;\s*Secure/.test(line),
  );
};

for (const dialect of await dialects()) {
  describe(`the portal behind a TLS proxy, ROSTER_TRUST_PROXY set (${dialect})`, { concurrency: 1 }, () => {
    let trusting: TestPortal;
    let wary: TestPortal;
    before(async () => {
      [trusting, wary] = await Promise.all([
        startPortal(dialect, { publicUrl: undefined, trustProxy: true }),
        startPortal(dialect, { publicUrl: undefined, trustProxy: false }),
      ]);
    });
    after(() => Promise.all([trusting.close(), wary.close()]));

    it('should make cookies Secure when the proxy says the client used HTTPS, and only then', async () => {
      const https = { 'x-forwarded-proto': 'https' };
      assert.equal(secureCookie(await trusting.anonymous().get('/admin/sign-in', https)), true);
      assert.equal(secureCookie(await trusting.anonymous().get('/admin/sign-in')), false, 'plain HTTP, no public URL');
      assert.equal(
        secureCookie(await wary.anonymous().get('/admin/sign-in', https)),
        false,
        'an untrusted header changes nothing',
      );
    });

    it('should count sign-in failures per client address, not per proxy', async () => {
      const admin = await trusting.signIn('admin');
      const from = (address: string) => ({ 'x-forwarded-for': address });
      const attacker = trusting.anonymous();
      const csrf = csrfOf((await attacker.get('/admin/sign-in')).body);
      // Different emails each time, so only the per-address limit (20) applies.
      for (let i = 0; i < 20; i++) {
        const res = await attacker.post(
          '/admin/sign-in',
          { _csrf: csrf, email: `guess${i}@example.com`, password: 'wrong password' },
          from('203.0.113.7'),
        );
        assert.equal(res.status, 401);
      }
      const blocked = await attacker.post(
        '/admin/sign-in',
        { _csrf: csrf, email: admin.email, password: admin.password },
        from('203.0.113.7'),
      );
      assert.equal(blocked.status, 429, 'the attacking address is limited');
      const colleague = trusting.anonymous();
      const csrf2 = csrfOf((await colleague.get('/admin/sign-in')).body);
      const ok = await colleague.post(
        '/admin/sign-in',
        { _csrf: csrf2, email: admin.email, password: admin.password },
        from('198.51.100.4'),
      );
      assert.equal(ok.status, 303, 'another client behind the same proxy still signs in');
    });
  });
}
