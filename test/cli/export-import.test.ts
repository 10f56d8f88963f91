import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startServe, type RunningServer } from '../helpers/cli.ts';
import { CUSTOM, ENTERPRISE } from '../helpers/custom-schema.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { comparable, exported, imported, memberCounts, sameAnswers, type Env } from '../helpers/dump-cli.ts';
import { cliFails, cliJson, scimOver } from '../helpers/roster-cli.ts';
import { GROUP, PATCH_OP, USER } from '../helpers/scim-fixtures.ts';

const DIALECTS = await dialects();

describe('roster export and roster import', () => {
  let dir: string;
  let source: Env;
  let server: RunningServer;
  let token: string;
  let dump: string;
  const userIds: string[] = [];
  const groupIds: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-dump-'));
    source = { ROSTER_DATABASE_URL: join(dir, 'source.db') };
    await cliJson(['attributes', 'add', 'badgeNumber', '--type', 'integer', '--description', 'Door badge'], source);
    await cliJson(['attributes', 'add', 'skills', '--type', 'string', '--multi-valued'], source);
    await cliJson(['tenants', 'create', 'acme', '--name', 'Acme Corp'], source);
    server = await startServe(source);
    token = (await cliJson(['tokens', 'create', '--idp', 'entra'], source)).token;
    const post = async (path: string, value: unknown) => {
      const res = await scimOver(server.origin, token, 'POST', path, value);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    for (let i = 0; i < 12; i++) {
      userIds.push(
        await post('/Users', {
          schemas: [USER, ENTERPRISE, CUSTOM],
          userName: `User.${i}@Example.com`,
          externalId: `ext-${i}`,
          name: { givenName: `Given ${i}`, familyName: 'Family' },
          displayName: `User ${i}`,
          emails: [{ value: `user.${i}@example.com`, type: 'work', primary: true }],
          active: i % 5 !== 0,
          ...(i === 1 ? { password: 'a provisioned Secret 1' } : {}),
          [ENTERPRISE]: { department: `Dept ${i % 3}`, manager: i > 0 ? { value: userIds[0] } : undefined },
          [CUSTOM]: { badgeNumber: 1000 + i, skills: ['sql', `skill-${i}`] },
        }),
      );
    }
    // A few writes later, versions and timestamps differ from a first write's.
    for (const id of userIds.slice(0, 3)) {
      const res = await scimOver(server.origin, token, 'PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }],
      });
      assert.ok(res.status === 200 || res.status === 204, JSON.stringify(res.body));
    }
    groupIds.push(await post('/Groups', { schemas: [GROUP], displayName: 'Empty' }));
    groupIds.push(
      await post('/Groups', {
        schemas: [GROUP],
        displayName: 'Engineering',
        externalId: 'eng',
        members: userIds.slice(0, 8).map((value) => ({ value })),
      }),
    );
    groupIds.push(
      await post('/Groups', {
        schemas: [GROUP],
        displayName: 'Everyone',
        members: [...userIds.map((value) => ({ value })), { value: groupIds[1] }],
      }),
    );
    const res = await scimOver(server.origin, token, 'PATCH', `/Groups/${groupIds[1]}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${userIds[7]}"]` }],
    });
    assert.ok(res.status === 200 || res.status === 204, JSON.stringify(res.body));
    dump = await exported(source);
  });

  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should write a header, every tenant, and an end record, and never a secret', () => {
    const lines = dump
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'roster-export');
    assert.equal(lines[0].version, 1);
    assert.deepEqual(lines[0].tenants, ['acme', 'default']);
    assert.equal(lines[0].customSchemaUrn, CUSTOM);
    const kinds = lines.slice(1).map((l) => l.kind);
    assert.deepEqual(kinds.filter((k) => k === 'user').length, 12);
    assert.deepEqual(kinds.filter((k) => k === 'attribute').length, 2);
    assert.deepEqual(lines.at(-1), { kind: 'end', records: lines.length - 2 });
    assert.doesNotMatch(dump, /argon2|password|rst_|secret_hash|Secret 1/i);
  });

  it('should limit the export to the tenant --tenant names, and refuse a tenant that does not exist', async () => {
    const acme = (await exported(source, '--tenant', 'acme'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(acme[0].tenants, ['acme']);
    assert.deepEqual(
      acme.slice(1).map((l) => l.kind),
      ['tenant', 'end'],
    );
    assert.match((await cliFails(['export', '--tenant', 'nope'], source)).stderr, /No tenant "nope"/);
  });

  for (const dialect of DIALECTS) {
    describe(`into ${dialect}`, () => {
      let target: FreshDatabase;
      let env: Env;
      before(async () => {
        target = await freshDatabase(dialect);
        env = { ROSTER_DATABASE_URL: target.url };
      });
      after(async () => target?.drop());

      it('should answer every SCIM GET as the source did, and keep member counts, twice over', async () => {
        const first = await imported(env, dump);
        assert.deepEqual(first.tenants, [
          { slug: 'acme', created: true },
          { slug: 'default', created: false },
        ]);
        assert.equal(first.users, 12);
        assert.equal(first.membersAdded, 20);
        const afterFirst = await exported(env);

        const second = await imported(env, dump);
        assert.equal(second.membersAdded, 0, 'importing again adds nothing');
        assert.deepEqual(
          comparable(await exported(env)),
          comparable(afterFirst),
          'the same database after two imports',
        );
        // The same records as the source's, but the tenant `default`'s id, which is this database's own.
        assert.deepEqual(comparable(afterFirst).slice(3), comparable(dump).slice(3), 'the same records as the source');
        for (const { kept, counted } of await memberCounts(target.url)) assert.equal(kept, counted);

        const copy = await startServe(env);
        try {
          const copyToken = (await cliJson(['tokens', 'create', '--idp', 'entra'], env)).token;
          const paths = [
            ...userIds.map((id) => `/Users/${id}`),
            ...groupIds.map((id) => `/Groups/${id}`),
            '/Users?count=1000',
            '/Groups?count=1000',
            `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:department eq "Dept 1"`)}`,
            `/Users?filter=${encodeURIComponent(`${CUSTOM}:badgeNumber gt 1005`)}&sortBy=userName`,
            `/Schemas/${CUSTOM}`,
          ];
          await sameAnswers(server, token, copy, copyToken, paths);
          const etag = await scimOver(copy.origin, copyToken, 'GET', `/Users/${userIds[0]}`);
          assert.equal(etag.body.meta.version, 'W/"2"', 'the version, hence the ETag, is kept');
        } finally {
          await copy.stop();
        }
        // The password never left the source: the imported user has none to sign in with.
        assert.doesNotMatch(afterFirst, /password/i);
      });

      it('should refuse bad input naming its line, exit 1, and change nothing', async () => {
        const before = comparable(await exported(env));
        const lines = dump.trimEnd().split('\n');
        const header = JSON.parse(lines[0]!);
        const cases: [string, string, RegExp][] = [
          ['empty input', '', /line 1: the input is empty/],
          ['not a dump', 'id,userName\n1,ann\n', /line 1: not a Roster dump/],
          ['another JSON file', '{"users":[]}\n', /line 1: not a Roster dump/],
          [
            'a newer format',
            [JSON.stringify({ ...header, version: 2 }), ...lines.slice(1)].join('\n'),
            /line 1: the dump has format version 2, from a newer Roster/,
          ],
          [
            'a line that is not JSON',
            [...lines.slice(0, 9), '{"kind":"user",', ...lines.slice(10)].join('\n'),
            /line 10: not JSON/,
          ],
          ['a cut-off dump', lines.slice(0, -3).join('\n'), /line \d+: the dump ends without its end record/],
          [
            'an unknown record',
            [...lines.slice(0, 4), '{"kind":"token","secret":"x"}', ...lines.slice(4)].join('\n'),
            /line 5: unknown record kind "token"/,
          ],
          [
            'another custom schema',
            [
              JSON.stringify({ ...header, customSchemaUrn: 'urn:ietf:params:scim:schemas:extension:other:2.0:User' }),
              ...lines.slice(1),
            ].join('\n'),
            /line 1: the dump's custom attribute values are under .*other.*ROSTER_CUSTOM_SCHEMA_URN/,
          ],
        ];
        // Refusals that happen before any write are the same on every database: checked once.
        // The two that roll writes back (a cut-off dump, a userName held here) run on each.
        const run = dialect === DIALECTS[0] ? cases : cases.filter(([what]) => what === 'a cut-off dump');
        for (const [what, input, message] of run) {
          const res = await runCli(['import'], env, input);
          assert.equal(res.code, 1, `${what}: ${res.stdout}`);
          assert.match(res.stderr, message, what);
          assert.match(res.stderr, /nothing was imported/, what);
          assert.doesNotMatch(res.stderr, /\n\s+at /, `${what}: no stack trace`);
        }
        // A user whose userName another user holds here: refused at its line, after other writes.
        const taken = lines.findIndex((l) => l.includes('"kind":"user"') && l.includes('User.4@Example.com'));
        const clash = JSON.parse(lines[taken]!);
        clash.id = 'another-id';
        const res = await runCli(
          ['import'],
          env,
          [...lines.slice(0, taken + 1), JSON.stringify(clash), ...lines.slice(taken + 1)].join('\n'),
        );
        assert.equal(res.code, 1);
        assert.match(
          res.stderr,
          new RegExp(`line ${taken + 2}: userName "User.4@Example.com" is also the userName of user`),
        );
        assert.deepEqual(comparable(await exported(env)), before, 'the database is as it was');
      });
    });
  }

  it('should read the dump from a file argument, and refuse a file that does not exist', async () => {
    const file = join(dir, 'dump.jsonl');
    writeFileSync(file, dump);
    const env = { ROSTER_DATABASE_URL: join(dir, 'from-file.db') };
    const out = await cliJson(['import', file], env);
    assert.equal(out.users, 12);
    assert.match(
      (await cliFails(['import', join(dir, 'missing.jsonl')], env)).stderr,
      /There is no file .*missing\.jsonl/,
    );
  });
});
