import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

// Every other test runs the sources; this one runs what production runs: the esbuild bundle
// in dist/ (`npm install` builds it; rebuilt here when a source is newer).
const BUILT = { ROSTER_DEV: '0' };
const BUILD = fileURLToPath(new URL('../../scripts/build.js', import.meta.url));

describe('the bundled build (dist/)', () => {
  let db: FreshDatabase;
  let server: RunningServer | undefined;

  before(async () => {
    execFileSync(process.execPath, [BUILD, '--if-stale'], { stdio: 'inherit' });
    db = await freshDatabase('sqlite');
  });
  after(async () => {
    await server?.stop();
    await db.drop();
  });

  it('should run commands that load chunks of their own (help, config, a database command)', async () => {
    const help = await runCli(['--help'], BUILT);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /Usage: roster/);
    const created = await runCli(['tokens', 'create', '--idp', 'okta', '--json'], {
      ...BUILT,
      ROSTER_DATABASE_URL: db.url,
    });
    assert.equal(created.code, 0, created.stderr);
    assert.match(JSON.parse(created.stdout).token, /^rst_/);
    const config = await runCli(['config', '--json'], { ...BUILT, ROSTER_DATABASE_URL: db.url });
    assert.equal(config.code, 0, config.stderr);
  });

  it('should serve SCIM and the portal assets it reads from beside itself', async () => {
    const created = await runCli(['tokens', 'create', '--idp', 'entra', '--json'], {
      ...BUILT,
      ROSTER_DATABASE_URL: db.url,
    });
    const token = JSON.parse(created.stdout).token as string;
    server = await startServe({ ...BUILT, ROSTER_DATABASE_URL: db.url });
    const users = await fetch(`${server.origin}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(users.status, 200);
    assert.equal(((await users.json()) as { totalResults: number }).totalResults, 0);
    const css = await fetch(`${server.origin}/admin/assets/portal.css`);
    assert.equal(css.status, 200);
    assert.match(String(css.headers.get('content-type')), /text\/css/);
    assert.ok((await css.text()).length > 1000);
  });
});
