#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` and `npm ci` build too): compiles src/ to
// dist/ with tsc, then copies the files that are not TypeScript (the portal's CSS and
// script), which the code reads from beside itself. dist/ is emptied first so a deleted
// source leaves nothing behind.
//
// `--if-stale` builds only when dist/ is missing or older than a file under src/ or a
// tsconfig: what `npm run conformance` uses, so it never serves yesterday's build.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const stamp = join(dist, 'cli', 'main.js');

/** The latest modification time of the files build reads, in ms. */
function newestSource() {
  const files = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
  files.push(join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -Infinity;
  }
}

if (process.argv.includes('--if-stale') && builtAt() >= newestSource()) process.exit(0);

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
cpSync(src, dist, { recursive: true, filter: (source) => extname(source) !== '.ts' });
