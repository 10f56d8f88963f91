#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner through tsx (Node 20's runner does
// not expand globs itself). Extra arguments narrow the run to files whose path contains them.
// The commands and servers the tests start run dist/, as production does: it is rebuilt
// first when a source is newer.
// Outside CI, parts of the suite that could not run here (no PostgreSQL, no Chromium) are
// named again at the end: test files leave notes (test/helpers/skip-notes.ts) in a directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

const filters = process.argv.slice(2);
const files = find('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const built = spawnSync(process.execPath, ['scripts/build.js', '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const notes = mkdtempSync(join(tmpdir(), 'roster-test-notes-'));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, ROSTER_TEST_NOTES: notes } },
);
for (const name of readdirSync(notes).sort()) console.log(`NOTE: ${readFileSync(join(notes, name), 'utf8')}`);
rmSync(notes, { recursive: true, force: true });
process.exit(result.status ?? 1);
