#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` and `npm ci` build too): bundles src/ into
// dist/ with esbuild, then copies the portal's CSS and script, which the code reads from
// beside itself (dist/assets/). dist/ is emptied first so a deleted source leaves nothing.
//
// Why a bundle and not one .js per .ts: a CLI command spent most of its start loading
// modules (Kysely alone is 263 files). The bundle is split at the CLI's dynamic imports, so
// a command still loads only what it uses, in a few files. The drivers and native addons,
// Fastify and prom-client stay in node_modules (they load files of their own by path).
// Types are not checked here: `npm run typecheck` does that.
//
// `--if-stale` builds only when dist/ is missing or older than a file under src/, this
// script or package.json: what `npm test`, `npm run conformance` and `npm run bench` use, so
// they never run yesterday's build. `--check` builds nothing and exits 1 when it is stale
// (the tests' helpers ask before they start a command).
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const stamp = join(dist, 'main.js');

/** Packages loaded from node_modules at run time, never bundled. */
const EXTERNAL = ['better-sqlite3', 'pg', '@node-rs/argon2', 'fastify', '@fastify/proxy-addr', 'prom-client', 'tsx'];

/** The latest modification time of the files build reads, in ms. */
function newestSource() {
  const files = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
  files.push(fileURLToPath(import.meta.url), join(root, 'package.json'), join(root, 'tsconfig.json'));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -Infinity;
  }
}

if (process.argv.includes('--check')) {
  if (builtAt() >= newestSource()) process.exit(0);
  console.error('dist/ is missing or older than src/: run `npm run build` (`npm test` does)');
  process.exit(1);
}
if (process.argv.includes('--if-stale') && builtAt() >= newestSource()) process.exit(0);

rmSync(dist, { recursive: true, force: true });
await build({
  // The webhook sender thread and the SQLite checkpoint and writer threads start from files of their own.
  entryPoints: {
    main: join(src, 'cli', 'main.ts'),
    'sender-worker': join(src, 'webhooks', 'sender-worker.ts'),
    'sqlite-checkpoint-worker': join(src, 'store', 'dialect', 'sqlite-checkpoint-worker.ts'),
    'sqlite-writer-worker': join(src, 'store', 'dialect', 'sqlite-writer-worker.ts'),
  },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS (commander) calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as rosterRequire } from 'node:module'; const require = rosterRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
cpSync(join(src, 'http', 'portal', 'assets'), join(dist, 'assets'), { recursive: true });
