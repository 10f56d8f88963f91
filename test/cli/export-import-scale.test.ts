import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase } from '../helpers/dialects.ts';
import { exported, imported, memberCounts, pages, sameAnswers } from '../helpers/dump-cli.ts';
import { cliJson } from '../helpers/roster-cli.ts';

const DIALECTS = await dialects();

/**
 * The scale: 100,000 users and a group of all of them. The suite runs a smaller
 * count (ROSTER_TEST_DUMP_USERS, default 3,000) to keep CI short; docs/operations.md has
 * the time of a run at 100,000.
 */
const LARGE = Number(process.env.ROSTER_TEST_DUMP_USERS ?? 3000);

describe(`roster export and roster import of ${LARGE} users and a group of all of them`, () => {
  it(`should answer the same lists, users and group after moving to ${DIALECTS.at(-1)}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-dump-large-'));
    const source = { ROSTER_DATABASE_URL: join(dir, 'source.db') };
    const target = await freshDatabase(DIALECTS.at(-1)!);
    const env = { ROSTER_DATABASE_URL: target.url };
    const servers: RunningServer[] = [];
    try {
      const [tenant] = await cliJson(['tenants', 'list'], source);
      const { seedDirectory } = await import('../../bench/seed-directory.ts');
      const { ids, groupId } = await seedDirectory(source.ROSTER_DATABASE_URL, tenant.id, LARGE, LARGE);
      let t0 = Date.now();
      const dump = await exported(source);
      const exportMs = Date.now() - t0;
      t0 = Date.now();
      const out = await imported(env, dump);
      const importMs = Date.now() - t0;
      process.stderr.write(
        `export ${LARGE} users: ${exportMs} ms; import: ${importMs} ms; dump ${dump.length} bytes\n`,
      );
      assert.equal(out.users, LARGE);
      assert.equal(out.membersAdded, LARGE);
      for (const { kept, counted } of await memberCounts(target.url)) assert.equal(kept, counted);

      const a = await startServe(source);
      servers.push(a);
      const b = await startServe(env);
      servers.push(b);
      const aToken = (await cliJson(['tokens', 'create', '--idp', 'okta'], source)).token;
      const bToken = (await cliJson(['tokens', 'create', '--idp', 'okta'], env)).token;
      const [before, after] = [await pages(a, aToken, '/Users'), await pages(b, bToken, '/Users')];
      assert.equal(after.ids.length, LARGE);
      assert.deepEqual(after.pages, before.pages, 'every page of /Users');
      const sample = ids.filter((_, i) => i % Math.ceil(LARGE / 50) === 0);
      await sameAnswers(a, aToken, b, bToken, [`/Groups/${groupId}`, '/Groups', ...sample.map((id) => `/Users/${id}`)]);
    } finally {
      for (const s of servers) await s.stop();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
