import type SqliteModule from 'better-sqlite3';
import { createRequire } from 'node:module';
import type pgModule from 'pg';

// The database drivers, loaded when a store of their kind first opens rather than when the
// modules that name them are imported: every command that opens a store imports both
// dialects, and on a SQLite command `pg` (with the fetch implementation it touches while
// loading) took 60–75 ms of the start. test/cli/startup.test.ts checks who loads what.

const require = createRequire(import.meta.url);
let pg: typeof pgModule | undefined;
let sqlite: typeof SqliteModule | undefined;

/** node-postgres. @example const pool = new (loadPg().Pool)({ connectionString }) */
export const loadPg = (): typeof pgModule => (pg ??= require('pg') as typeof pgModule);

/** better-sqlite3's Database class. @example const db = new (loadSqlite())(file) */
export const loadSqlite = (): typeof SqliteModule => (sqlite ??= require('better-sqlite3') as typeof SqliteModule);
