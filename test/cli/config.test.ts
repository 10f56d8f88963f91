import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { cliJson } from '../helpers/roster-cli.ts';

const NEVER_OPENED = { ROSTER_DATABASE_URL: '/nonexistent/never-opened.db' };

describe('configuration', () => {
  it('should stop serve with one line per bad setting, naming it and the value, and exit 1', async () => {
    const res = await runCli(['serve'], {
      ...NEVER_OPENED,
      ROSTER_PUBLIC_URL: 'scim.example.com',
      PORT: '80a',
      ROSTER_TRUST_PROXY: 'the-proxy',
      ROSTER_LOG_LEVEL: 'loud',
    });
    assert.equal(res.code, 1, res.stdout);
    assert.equal(res.stdout, '');
    assert.deepEqual(res.stderr.trimEnd().split('\n'), [
      'roster: PORT must be an integer from 0 to 65535, got "80a"',
      'roster: ROSTER_PUBLIC_URL must be an absolute http(s) URL without query or fragment, got "scim.example.com"',
      'roster: ROSTER_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'roster: ROSTER_TRUST_PROXY must be true, false, a number of proxy hops, or proxy addresses and CIDR ranges separated by commas, got "the-proxy"',
    ]);
  });

  it('should refuse a non-http public URL and a bad CIDR, and never echo a secret', async () => {
    const res = await runCli(['config'], {
      ...NEVER_OPENED,
      ROSTER_PUBLIC_URL: 'ftp://scim.example.com',
      ROSTER_TRUST_PROXY: '10.0.0.0/33',
      ROSTER_METRICS_TOKEN: 'short-secret',
    });
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /^roster: ROSTER_PUBLIC_URL must be an absolute http\(s\) URL without query or fragment, got "ftp:\/\/scim\.example\.com"$/m,
    );
    assert.match(res.stderr, /^roster: ROSTER_TRUST_PROXY must be .*, got "10\.0\.0\.0\/33"$/m);
    assert.match(res.stderr, /^roster: ROSTER_METRICS_TOKEN must be at least 16 characters, got 12 characters$/m);
    assert.doesNotMatch(res.stderr, /short-secret/);
  });

  it("should refuse per-token SCIM limits out of range, one line each, and a rate below Entra's 25 a second", async () => {
    const res = await runCli(['serve'], {
      ...NEVER_OPENED,
      ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN: '0',
      ROSTER_SCIM_MAX_QUEUED_PER_TOKEN: 'lots',
      ROSTER_SCIM_RATE_PER_TOKEN: '10',
    });
    assert.equal(res.code, 1, res.stdout);
    assert.equal(res.stdout, '');
    assert.deepEqual(res.stderr.trimEnd().split('\n'), [
      'roster: ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN must be an integer from 1 to 10000, got "0"',
      'roster: ROSTER_SCIM_MAX_QUEUED_PER_TOKEN must be an integer from 0 to 100000, got "lots"',
      'roster: ROSTER_SCIM_RATE_PER_TOKEN must be 0 (no limit) or a number of requests a second from 25 to 100000, got "10"',
    ]);
  });

  it('should treat an empty variable as unset', async () => {
    const out = await cliJson(['config'], { ...NEVER_OPENED, PORT: '', ROSTER_PUBLIC_URL: '' });
    const port = out.settings.find((s: { name: string }) => s.name === 'PORT');
    assert.deepEqual(port, { name: 'PORT', value: '8080', source: 'default', meaning: 'the port to listen on' });
  });

  it('should print the effective configuration with the database password and the metrics token redacted', async () => {
    const env = {
      ROSTER_DATABASE_URL: 'postgres://roster:s3cret-pw@db.internal:5432/roster',
      ROSTER_METRICS_TOKEN: 'metrics-token-0123456789',
      ROSTER_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16',
      ROSTER_PUBLIC_URL: 'https://scim.example.com/',
    };
    const out = await cliJson(['config'], env);
    const byName = new Map(out.settings.map((s: { name: string }) => [s.name, s]));
    assert.deepEqual(byName.get('ROSTER_DATABASE_URL'), {
      name: 'ROSTER_DATABASE_URL',
      value: 'postgres://roster:***@db.internal:5432/roster',
      source: 'environment',
      meaning: 'an SQLite file, or a postgres:// URL',
    });
    assert.equal((byName.get('ROSTER_METRICS_TOKEN') as { value: string }).value, '[redacted]');
    assert.equal((byName.get('ROSTER_METRICS_PORT') as { value: unknown }).value, null);
    assert.equal((byName.get('ROSTER_SHUTDOWN_GRACE_MS') as { value: unknown }).value, '10000');
    const text = await runCli(['config'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^VARIABLE +VALUE +SOURCE$/m);
    assert.match(text.stdout, /^ROSTER_METRICS_TOKEN +\[redacted\] +environment$/m);
    assert.match(text.stdout, /^ROSTER_METRICS_PORT +\(unset\) +default$/m);
    for (const res of [text.stdout, JSON.stringify(out)]) {
      assert.doesNotMatch(res, /s3cret-pw|metrics-token-0123456789/);
    }
  });

  it('should name every setting in --help', async () => {
    const help = await runCli(['--help'], {});
    for (const name of [
      'PORT',
      'ROSTER_SHUTDOWN_GRACE_MS',
      'ROSTER_METRICS_PORT',
      'ROSTER_METRICS_TOKEN',
      'ROSTER_TRUST_PROXY',
    ]) {
      assert.match(help.stdout, new RegExp(name));
    }
    assert.match(help.stdout, /config/);
  });
});
