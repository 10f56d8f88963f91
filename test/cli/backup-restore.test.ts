import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { runCli, startServe } from '../helpers/cli.ts';
import { dialects, freshDatabase } from '../helpers/dialects.ts';
import { cliFails, cliJson, scimOver } from '../helpers/roster-cli.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every userName a server holds, read over SCIM a page at a time. */
async function userNames(origin: string, token: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (let start = 1; ; start += 100) {
    const page = await scimOver(origin, token, 'GET', `/Users?startIndex=${start}&count=100`);
    assert.equal(page.status, 200);
    for (const u of page.body.Resources ?? []) names.add(u.userName);
    if (start + 100 > page.body.totalResults) return names;
  }
}

describe('roster backup and roster restore (SQLite)', () => {
  it('should take a consistent copy under continuous SCIM writes, which restores and serves every write acknowledged before it began', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-backup-'));
    const live = { ROSTER_DATABASE_URL: join(dir, 'live.db') };
    const restored = { ROSTER_DATABASE_URL: join(dir, 'restored.db') };
    const server = await startServe(live);
    try {
      const { token } = await cliJson(['tokens', 'create', '--idp', 'generic'], live);
      const acknowledged: string[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const res = await scimOver(server.origin, token, 'POST', '/Users', {
            schemas: [USER],
            userName: `writer.${i}`,
          });
          assert.equal(res.status, 201);
          acknowledged.push(`writer.${i}`);
        }
      })();
      while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
      const beforeBackup = [...acknowledged];
      const backup = await cliJson(['backup', join(dir, 'copy.db')], live);
      const duringBackup = acknowledged.length;
      writing = false;
      await writer;
      assert.ok(backup.migrations.includes('0009-request-ids'));

      // A server uses the live file: restoring over it is refused, and the file is untouched.
      // The server's own background writes (the provisioning log's last batch, a checkpoint)
      // may still change it: take its hash once it has settled.
      let liveHash = hashOf(live.ROSTER_DATABASE_URL);
      for (let settled = false; !settled;) {
        await new Promise((r) => setTimeout(r, 600));
        const again = hashOf(live.ROSTER_DATABASE_URL);
        settled = again === liveHash;
        liveHash = again;
      }
      const refused = await cliFails(['restore', join(dir, 'copy.db')], live);
      assert.match(refused.stderr, /A server \(process \d+\) uses .*live\.db: stop it before restoring/);
      assert.equal(hashOf(live.ROSTER_DATABASE_URL), liveHash);

      const out = await cliJson(['restore', join(dir, 'copy.db')], restored);
      assert.equal(out.previous, null);
      const second = await startServe(restored);
      try {
        const names = await userNames(second.origin, token);
        for (const name of beforeBackup) assert.ok(names.has(name), `${name} was acknowledged before the backup began`);
        assert.ok(names.size <= duringBackup + 1, 'nothing the live server never acknowledged');
        const created = await scimOver(second.origin, token, 'POST', '/Users', {
          schemas: [USER],
          userName: 'after.restore',
        });
        assert.equal(created.status, 201, 'the restored server serves and writes');
      } finally {
        await second.stop();
      }
      // Once that server stopped, a restore over its file keeps the replaced database aside.
      const again = await cliJson(['restore', join(dir, 'copy.db')], restored);
      assert.match(again.previous, /restored\.db\.before-restore-/);
      assert.ok(readdirSync(dir).some((f) => f.startsWith('restored.db.before-restore-')));
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should refuse a file that is no Roster database, or from a newer Roster, touching nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-restore-'));
    try {
      const target = { ROSTER_DATABASE_URL: join(dir, 'roster.db') };
      assert.equal((await runCli(['migrate'], target)).code, 0);
      const targetHash = hashOf(target.ROSTER_DATABASE_URL);

      writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some text that is long enough to be read');
      const other = new Sqlite(join(dir, 'other.db'));
      other.exec('create table things (id integer)');
      other.close();
      await cliJson(['backup', join(dir, 'newer.db')], target);
      const newer = new Sqlite(join(dir, 'newer.db'));
      newer
        .prepare(
          "insert into roster_migrations (name, timestamp) values ('9999-from-the-future', '2099-01-01T00:00:00.000Z')",
        )
        .run();
      newer.close();

      assert.match(
        (await cliFails(['restore', join(dir, 'notes.txt')], target)).stderr,
        /notes\.txt is not a Roster database/,
      );
      assert.match(
        (await cliFails(['restore', join(dir, 'other.db')], target)).stderr,
        /other\.db is not a Roster database/,
      );
      assert.match((await cliFails(['restore', join(dir, 'missing.db')], target)).stderr, /There is no backup at/);
      assert.match(
        (await cliFails(['restore', join(dir, 'newer.db')], target)).stderr,
        /newer\.db comes from a newer Roster \(migrations 9999-from-the-future\)/,
      );
      assert.equal(hashOf(target.ROSTER_DATABASE_URL), targetHash);
      assert.deepEqual(
        readdirSync(dir).filter((f) => /before-restore|restoring/.test(f)),
        [],
      );
      assert.match(
        (await cliFails(['backup', join(dir, 'notes.txt')], target)).stderr,
        /notes\.txt exists; choose a new file name/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if ((await dialects()).includes('postgres')) {
  describe('roster backup and roster restore (PostgreSQL)', () => {
    it('should point to pg_dump and pg_restore, and write nothing', async () => {
      const db = await freshDatabase('postgres');
      const dir = mkdtempSync(join(tmpdir(), 'roster-pg-backup-'));
      try {
        for (const command of ['backup', 'restore']) {
          const res = await cliFails([command, join(dir, 'roster.dump')], { ROSTER_DATABASE_URL: db.url });
          assert.match(res.stderr, /PostgreSQL: back it up with pg_dump .*pg_restore/);
          assert.doesNotMatch(res.stderr, /root@|127\.0\.0\.1/, 'the URL is not echoed');
        }
        assert.deepEqual(readdirSync(dir), []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await db.drop();
      }
    });
  });
}
