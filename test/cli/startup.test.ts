import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.ts';

const REPORTER = new URL('../helpers/report-packages.js', import.meta.url).href;

// What a command runs on: the database drivers, the query builder, the password hasher, the
// HTTP stack. Help needs none of them. (It does load zod: the help lists the settings and
// their defaults from config.ts, whose checks are zod schemas.)
const HEAVY = ['kysely', 'better-sqlite3', 'pg', '@node-rs/argon2', 'fastify'];

/** The packages `roster <args>` imports. */
async function packagesOf(args: readonly string[]): Promise<string[]> {
  const res = await runCli(args, { NODE_OPTIONS: `--import=${REPORTER}` });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /Usage: roster/);
  return [...res.stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1]!);
}

describe('roster startup', () => {
  it('should load commander, not the database or HTTP stack, for help', async () => {
    for (const args of [
      ['--help'],
      ['tokens', 'create', '--help'],
      ['admins', '--help'],
      ['migrate', '--help'],
      ['backup', '--help'],
      ['serve', '--help'],
    ]) {
      const packages = await packagesOf(args);
      assert.ok(packages.includes('commander'), `roster ${args.join(' ')} reported ${packages.join(', ')}`);
      assert.deepEqual(
        packages.filter((p) => HEAVY.includes(p)),
        [],
        `roster ${args.join(' ')}`,
      );
    }
  });
});
