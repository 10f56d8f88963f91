import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/audit/actor.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';
import { openRoster, type Roster } from '../../src/roster.ts';
import { runCli } from '../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';

const ALICE: Actor = { kind: 'cli', user: 'alice' };
const CAROL: Actor = { kind: 'cli', user: 'carol' };
const BOB: Actor = { kind: 'admin', email: 'bob@example.com' };
const EVIL_NAME = '=HYPERLINK("http://evil.example","click, here")';
const EVIL_CONNECTION = "+cmd|' /C calc'!A0";

/** Parses RFC 4180 CSV: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field + record.join(''), '', 'the CSV ends with CRLF');
  return records;
}

/** Newest first, ties broken by id, descending. */
const isNewestFirst = (events: readonly AuditEvent[]) =>
  events.every((e, i) => {
    const before = events[i - 1];
    return !before || before.at > e.at || (before.at === e.at && before.id > e.id);
  });

for (const dialect of await dialects()) {
  describe(`audit history (${dialect})`, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let tenantId: string;
    let all: AuditEvent[];

    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({ databaseUrl: db.url, poolSize: 2 });
      tenantId = (await roster.tenants.findBySlug('default'))!.id;
      const entra = await roster.tokens.ensureConnection(tenantId, 'entra', { actor: ALICE });
      const main = await roster.tokens.issue(tenantId, entra, { name: 'entra-1', actor: ALICE });
      const okta = await roster.tokens.ensureConnection(tenantId, 'okta', { actor: BOB });
      await roster.tokens.issue(tenantId, okta, { name: EVIL_NAME, actor: BOB });
      await roster.tokens.deactivate(tenantId, main.id, ALICE);
      await roster.tokens.activate(tenantId, main.id, BOB);
      await roster.tokens.renew(tenantId, main.id, CAROL);
      await roster.connections.rename(tenantId, okta, EVIL_CONNECTION, BOB);
      await roster.tokens.issue(tenantId, entra, { name: '-2+3', actor: CAROL });
      const other = await roster.tenants.create('other', 'Other', ALICE);
      const otherConnection = await roster.tokens.ensureConnection(other.id, 'entra', { actor: ALICE });
      await roster.tokens.issue(other.id, otherConnection, { actor: ALICE });
      all = [...(await roster.audit.list({ tenantId, limit: 1000 })).events];
    });
    after(async () => {
      await roster.close();
      await db.drop();
    });

    it("should list the tenant's events newest first, and none of another tenant's", async () => {
      assert.deepEqual(all.map((e) => e.type).sort(), [
        'connection.created',
        'connection.created',
        'connection.renamed',
        'tenant.created',
        'token.activated',
        'token.created',
        'token.created',
        'token.created',
        'token.deactivated',
        'token.renewed',
      ]);
      assert.ok(isNewestFirst(all));
      assert.ok(all.every((e) => e.tenantId === tenantId));
      assert.equal(all[0]?.type, 'token.created');
      assert.equal(all[0]?.details.tokenName, '-2+3');
    });

    it('should filter by event type', async () => {
      const renewed = await roster.audit.list({ tenantId, types: ['token.renewed'] });
      assert.deepEqual(
        renewed.events.map((e) => e.actor),
        ['cli:carol'],
      );
      const onOff = await roster.audit.list({ tenantId, types: ['token.activated', 'token.deactivated'] });
      assert.deepEqual(
        onOff.events.map((e) => e.type),
        ['token.activated', 'token.deactivated'],
      );
      await assert.rejects(
        roster.audit.list({ tenantId, types: ['token.stolen'] }),
        /Unknown audit event type "token.stolen"/,
      );
    });

    it('should filter by IdP, each event naming it', async () => {
      const okta = (await roster.audit.list({ tenantId, idpKind: 'okta' })).events;
      assert.deepEqual(
        okta.map((e) => e.type),
        ['connection.renamed', 'token.created', 'connection.created'],
      );
      assert.ok(okta.every((e) => e.details.idp === 'Okta' && e.details.idpKind === 'okta'));
      const entra = (await roster.audit.list({ tenantId, idpKind: 'entra' })).events;
      assert.equal(entra.length, 6);
      assert.ok(entra.every((e) => e.details.idp === 'Microsoft Entra ID'));
      assert.equal((await roster.audit.list({ tenantId, idpKind: 'google' })).events.length, 0);
    });

    it('should filter by actor: one actor exactly, or every actor of a kind', async () => {
      const actors = async (actor: string) => (await roster.audit.list({ tenantId, actor })).events.map((e) => e.actor);
      assert.deepEqual(new Set(await actors('cli')), new Set(['cli:alice', 'cli:carol']));
      assert.equal((await actors('cli')).length, 5);
      assert.deepEqual(await actors('cli:carol'), ['cli:carol', 'cli:carol']);
      assert.deepEqual(await actors('admin:bob@example.com'), [
        'admin:bob@example.com',
        'admin:bob@example.com',
        'admin:bob@example.com',
        'admin:bob@example.com',
      ]);
      assert.deepEqual(await actors('admin'), await actors('admin:bob@example.com'));
      assert.deepEqual(await actors('system'), ['system']);
      assert.deepEqual(await actors('cli:mallory'), []);
    });

    it('should filter by time range: since inclusive, until exclusive', async () => {
      const pivot = all[4]!.at;
      const since = (await roster.audit.list({ tenantId, since: pivot, limit: 1000 })).events;
      assert.deepEqual(
        since.map((e) => e.id),
        all.filter((e) => e.at >= pivot).map((e) => e.id),
      );
      const until = (await roster.audit.list({ tenantId, until: pivot, limit: 1000 })).events;
      assert.deepEqual(
        until.map((e) => e.id),
        all.filter((e) => e.at < pivot).map((e) => e.id),
      );
      const both = (await roster.audit.list({ tenantId, since: all.at(-1)!.at, until: all[0]!.at, limit: 1000 }))
        .events;
      assert.deepEqual(
        both.map((e) => e.id),
        all.filter((e) => e.at < all[0]!.at).map((e) => e.id),
      );
      assert.equal((await roster.audit.list({ tenantId, since: '2999-01-01' })).events.length, 0);
      await assert.rejects(roster.audit.list({ tenantId, since: 'last tuesday' }), /not a date/);
      await assert.rejects(
        roster.audit.list({ tenantId, since: '2026-02-01', until: '2026-01-01' }),
        /ends .* before it starts/,
      );
    });

    it('should page newest first with a cursor, unshifted by events recorded meanwhile', async () => {
      const first = await roster.audit.list({ tenantId, limit: 4 });
      assert.equal(first.events.length, 4);
      assert.ok(first.nextCursor);
      // A new event arrives between pages: it is newer than the cursor, so no page shifts.
      await roster.connections.rename(
        tenantId,
        (await roster.connections.list(tenantId, ''))[0]!.id,
        '@SUM(A1)',
        ALICE,
      );
      const second = await roster.audit.list({ tenantId, limit: 4, cursor: first.nextCursor });
      const third = await roster.audit.list({ tenantId, limit: 4, cursor: second.nextCursor! });
      assert.equal(third.nextCursor, null);
      assert.deepEqual(
        [...first.events, ...second.events, ...third.events].map((e) => e.id),
        all.map((e) => e.id),
      );
      const exact = await roster.audit.list({ tenantId, limit: all.length + 1 });
      assert.equal(exact.nextCursor, null, 'no cursor when the page holds the rest');
      await assert.rejects(roster.audit.list({ tenantId, cursor: 'not-a-cursor' }), /cursor/);
      await assert.rejects(roster.audit.list({ tenantId, limit: 0 }), /page size/);
      await assert.rejects(roster.audit.list({ tenantId, limit: 1001 }), /page size/);
    });

    it('should export CSV: a header, RFC 4180 quoting, and cells that cannot run as formulas', async () => {
      const res = await runCli(['audit', 'list', '--csv'], { ROSTER_DATABASE_URL: db.url });
      assert.equal(res.code, 0, res.stderr);
      assert.ok(
        res.stdout.startsWith('at,type,actor,target_type,target_id,idp_kind,idp,connection,token_name,details\r\n'),
      );
      const [header, ...rows] = parseCsv(res.stdout);
      assert.equal(header?.length, 10);
      const now = (await roster.audit.list({ tenantId, limit: 1000 })).events;
      assert.equal(rows.length, now.length, 'every event, without --limit');
      assert.deepEqual(
        rows.map((r) => r[1]),
        now.map((e) => e.type),
      );
      assert.ok(rows.every((r) => r.length === 10));
      const created = rows.find((r) => r[1] === 'token.created' && r[5] === 'okta')!;
      assert.equal(created[6], 'Okta');
      // Cells a spreadsheet would run as formulas start with a quote instead; the quotes are doubled.
      assert.equal(created[8], `'${EVIL_NAME}`);
      assert.ok(res.stdout.includes(`"'=HYPERLINK(""http://evil.example"",""click, here"")"`));
      assert.equal(JSON.parse(created[9]!).tokenName, EVIL_NAME, 'the JSON keeps the name as it is');
      const renamed = rows.find((r) => r[1] === 'connection.renamed' && r[5] === 'okta')!;
      assert.equal(renamed[7], `'${EVIL_CONNECTION}`);
      assert.equal(rows.find((r) => r[1] === 'connection.renamed' && r[5] === 'entra')?.[7], "'@SUM(A1)");
      assert.equal(rows.find((r) => r[8]?.includes('2+3'))?.[8], "'-2+3");
      assert.ok(
        rows.flat().every((c) => !/^[=+\-@]/.test(c)),
        'no cell starts with = + - @',
      );
      const limited = await runCli(['audit', 'list', '--csv', '--type', 'connection.renamed', '--limit', '1'], {
        ROSTER_DATABASE_URL: db.url,
      });
      const [, only, ...rest] = parseCsv(limited.stdout);
      assert.equal(only?.[1], 'connection.renamed');
      assert.equal(rest.length, 0);
    });
  });
}
