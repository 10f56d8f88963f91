import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { dialects, freshDatabase } from '../helpers/dialects.ts';

const REPORTER = new URL('../helpers/report-packages.js', import.meta.url).href;

// What a command runs on: the database drivers, the query builder, the password hasher, the
// HTTP stack. Help needs none of them. (It does load zod: the help lists the settings and
// their defaults from config.ts, whose checks are zod schemas.)
const HEAVY = ['kysely', 'better-sqlite3', 'pg', '@node-rs/argon2', 'fastify'];

/**
 * The two ways a command runs: the bundle in dist/ (production), where commander and Kysely
 * are inside the bundle's chunks and only the packages left out of it can be seen loading,
 * and the sources through tsx (`ROSTER_DEV=1`), where every package can.
 */
const MODES: { name: string; env: Record<string, string>; bundled: string[] }[] = [
  { name: 'bundle', env: {}, bundled: ['commander', 'kysely'] },
  { name: 'sources', env: { ROSTER_DEV: '1' }, bundled: [] },
];

/** The packages `roster <args>` loads, and `undici` if it loaded Node's fetch implementation. */
async function packagesOf(args: readonly string[], env: Record<string, string> = {}): Promise<string[]> {
  const res = await runCli(args, { ...env, NODE_OPTIONS: `--import=${REPORTER}` });
  assert.equal(res.code, 0, res.stderr);
  if (args.includes('--help')) assert.match(res.stdout, /Usage: roster/);
  return [...res.stderr.matchAll(/^(?:package|builtin) (\S+)$/gm)].map((m) => m[1]!);
}

const dialectNames = await dialects();

for (const mode of MODES)
  describe(`roster startup (${mode.name})`, () => {
    const seen = (name: string) => !mode.bundled.includes(name);
    it('should load neither the database layer, the hasher nor the HTTP stack for help (commander, where it is a package)', async () => {
      for (const args of [
        ['--help'],
        ['tokens', 'create', '--help'],
        ['admins', '--help'],
        ['migrate', '--help'],
        ['backup', '--help'],
        ['serve', '--help'],
      ]) {
        const packages = await packagesOf(args, mode.env);
        if (seen('commander')) {
          assert.ok(packages.includes('commander'), `roster ${args.join(' ')} reported ${packages.join(', ')}`);
        }
        assert.deepEqual(
          packages.filter((p) => HEAVY.includes(p)),
          [],
          `roster ${args.join(' ')}`,
        );
      }
    });

    for (const dialect of dialectNames) {
      it(`should load only its own database driver, and no password hasher, to list tenants (${dialect})`, async () => {
        const db = await freshDatabase(dialect);
        try {
          const env = { ...mode.env, ROSTER_DATABASE_URL: db.url };
          const migrated = await runCli(['migrate'], env);
          assert.equal(migrated.code, 0, migrated.stderr);
          const packages = await packagesOf(['tenants', 'list'], env);
          const own = dialect === 'sqlite' ? 'better-sqlite3' : 'pg';
          const other = dialect === 'sqlite' ? 'pg' : 'better-sqlite3';
          assert.ok(packages.includes(own), `roster tenants list reported ${packages.join(', ')}`);
          if (seen('kysely')) {
            assert.ok(packages.includes('kysely'), `roster tenants list reported ${packages.join(', ')}`);
          }
          assert.ok(!packages.includes(other), `roster tenants list loaded ${other}: ${packages.join(', ')}`);
          assert.ok(
            !packages.includes('@node-rs/argon2'),
            `roster tenants list loaded the hasher: ${packages.join(', ')}`,
          );
          // pg's check for a Cloudflare Worker loads it on Node 20 unless given a navigator
          // (load-drivers.ts). Node 21 and later define navigator, so the check returns at once,
          // and Node 24 loads undici with node:http anyway: only Node 20 can tell.
          if (!('navigator' in globalThis)) {
            assert.ok(!packages.includes('undici'), `roster tenants list loaded fetch: ${packages.join(', ')}`);
          }
        } finally {
          await db.drop();
        }
      });
    }
  });
