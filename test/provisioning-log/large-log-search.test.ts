import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOG_SCAN_WINDOW } from '../../src/provisioning-log/log-query.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import { runCli } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`searching a large provisioning log (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let tenantId: string;
    const total = LOG_SCAN_WINDOW + 5_000;
    // Newest first: entry 0 is the newest. Matches sit in the first window and in the second.
    const matches = [10, LOG_SCAN_WINDOW + 2_000];

    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({ databaseUrl: db.url, poolSize: 4, log: { flushIntervalMs: 1000 } });
      tenantId = (await roster.tenants.findBySlug('default'))!.id;
      const connectionId = await roster.tokens.ensureConnection(tenantId, 'okta');
      const token = await roster.tokens.issue(tenantId, connectionId);
      const newest = Date.now() - 60_000;
      for (let i = total - 1; i >= 0; i--) {
        roster.provisioningLog.record({
          at: new Date(newest - i * 100).toISOString(),
          tenantId,
          connectionId,
          tokenId: token.id,
          idpKind: 'okta',
          method: 'GET',
          path: `/scim/v2/Users?n=${i}`,
          status: matches.includes(i) ? 400 : 200,
          scimType: null,
          durationMs: 1,
          resourceType: null,
          resourceId: null,
          userName: matches.includes(i) ? `needle-${i}@example.com` : null,
          displayName: null,
          detail: null,
          ignored: [],
        });
        if (i % 5_000 === 0) await roster.provisioningLog.flush();
      }
    });
    after(async () => {
      await roster.close();
      await db.drop();
    });

    it('should search one window per page, say how far it searched, and find every match by going on', async () => {
      const found: string[] = [];
      const searched: (string | null)[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await roster.provisioningLog.query({ tenantId, text: 'NEEDLE', cursor });
        found.push(...page.entries.map((e) => e.userName ?? ''));
        searched.push(page.searchedBackTo);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 10);
      assert.deepEqual(
        found,
        matches.map((i) => `needle-${i}@example.com`),
      );
      assert.equal(pages, 2, 'one page per window: the second window holds the rest');
      assert.ok(searched[0], 'the first page says how far back it searched');
      assert.equal(searched[1], null, 'the last page searched to the end');
    });

    it('should bound errors-only and IdP filters the same way, and leave plain paging alone', async () => {
      const errors = await roster.provisioningLog.query({ tenantId, errorsOnly: true, idpKind: 'okta' });
      assert.deepEqual(
        errors.entries.map((e) => e.status),
        [400],
      );
      assert.ok(errors.searchedBackTo && errors.nextCursor);
      const plain = await roster.provisioningLog.query({ tenantId, limit: 1000 });
      assert.equal(plain.entries.length, 1000);
      assert.equal(plain.searchedBackTo, null);
    });

    it('should tell the CLI user where the search stopped and how to go on', async () => {
      const res = await runCli(['log', 'list', '--search', 'needle'], { ROSTER_DATABASE_URL: db.url });
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /needle-10@example\.com/);
      assert.match(res.stdout, /Searched back to .*; older entries may match: add --cursor \S+/);
    });
  });
}
