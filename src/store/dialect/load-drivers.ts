import type SqliteModule from 'better-sqlite3';
import { createRequire } from 'node:module';
import type pgModule from 'pg';

// The database drivers, loaded when a store of their kind first opens rather than when the
// modules that name them are imported: every command that opens a store imports both
// dialects, and on a SQLite command `pg` took 60–75 ms of the start.
// test/cli/startup.test.ts checks who loads what.

const require = createRequire(import.meta.url);
let pg: typeof pgModule | undefined;
let sqlite: typeof SqliteModule | undefined;

/** node-postgres. @example const pool = new (loadPg().Pool)({ connectionString }) */
export const loadPg = (): typeof pgModule => (pg ??= withNavigator(() => require('pg') as typeof pgModule));

/**
 * Runs `load` with `navigator.userAgent` defined as Node 21 and later define it. pg asks at
 * load whether it runs in a Cloudflare Worker: it reads `navigator.userAgent`, and where
 * there is none (Node 20) builds a `Response`, which loads Node's fetch implementation:
 * 20 to 25 ms of every PostgreSQL command's start, for nothing. The global is removed again.
 */
function withNavigator<T>(load: () => T): T {
  if ('navigator' in globalThis) return load();
  const major = process.versions.node.split('.')[0] ?? '';
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${major}` }, configurable: true });
  try {
    return load();
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/** better-sqlite3's Database class. @example const db = new (loadSqlite())(file) */
export const loadSqlite = (): typeof SqliteModule => (sqlite ??= require('better-sqlite3') as typeof SqliteModule);
