import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

// Every other test's commands run what production runs, the bundle in dist/; this one runs
// what a developer does: the TypeScript sources through tsx, worker threads included (the
// SQLite server starts its writer and checkpoint threads from .ts files).
const DEV = { ROSTER_DEV: '1' };

describe('the sources through tsx (ROSTER_DEV=1)', () => {
  let db: FreshDatabase;
  let server: RunningServer | undefined;

  before(async () => {
    db = await freshDatabase('sqlite');
  });
  after(async () => {
    await server?.stop();
    await db.drop();
  });

  it('should run commands from the sources (help, config, a database command)', async () => {
    const help = await runCli(['--help'], DEV);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /Usage: roster/);
    const created = await runCli(['tokens', 'create', '--idp', 'okta', '--json'], {
      ...DEV,
      ROSTER_DATABASE_URL: db.url,
    });
    assert.equal(created.code, 0, created.stderr);
    assert.match(JSON.parse(created.stdout).token, /^rst_/);
    const config = await runCli(['config', '--json'], { ...DEV, ROSTER_DATABASE_URL: db.url });
    assert.equal(config.code, 0, config.stderr);
  });

  it('should serve SCIM and the portal assets from the sources', async () => {
    const created = await runCli(['tokens', 'create', '--idp', 'entra', '--json'], {
      ...DEV,
      ROSTER_DATABASE_URL: db.url,
    });
    const token = JSON.parse(created.stdout).token as string;
    server = await startServe({ ...DEV, ROSTER_DATABASE_URL: db.url });
    const users = await fetch(`${server.origin}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(users.status, 200);
    assert.equal(((await users.json()) as { totalResults: number }).totalResults, 0);
    const css = await fetch(`${server.origin}/admin/assets/portal.css`);
    assert.equal(css.status, 200);
    assert.match(String(css.headers.get('content-type')), /text\/css/);
    assert.ok((await css.text()).length > 1000);
  });
});
