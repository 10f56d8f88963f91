import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** An empty database for one conformance pass, and how to throw it away. */
export interface FreshDatabase {
  /** `sqlite` or `postgres`, for the report. */
  readonly label: string;
  /** What `ROSTER_DATABASE_URL` is set to. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A new SQLite file in a temporary directory; `drop` removes the directory.
 *
 * @example const db = freshSqlite(); try { ... } finally { await db.drop(); }
 */
export function freshSqlite(): FreshDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'roster-conformance-'));
  return {
    label: 'sqlite',
    url: join(dir, 'roster.db'),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A new schema in the PostgreSQL database at `serverUrl`, selected for Roster through the
 * URL's `options=-c search_path=<schema>`; dropping it removes everything the pass wrote.
 *
 * @example const db = await freshPostgresSchema('postgres://root@127.0.0.1:5432/roster_ci')
 */
export async function freshPostgresSchema(serverUrl: string): Promise<FreshDatabase> {
  const schema = `conformance_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create schema ${schema}`);
  const separator = serverUrl.includes('?') ? '&' : '?';
  return {
    label: 'postgres',
    url: `${serverUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: () => run(`drop schema if exists ${schema} cascade`),
  };
}
