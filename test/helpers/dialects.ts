import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { noteSkipped, withoutPassword } from './skip-notes.ts';

export type DialectName = 'sqlite' | 'postgres';

/** The PostgreSQL server tests use; `.ci/run` points it at a database made for the run. */
export const PG_URL = process.env.ROSTER_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | undefined;

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The dialects to run storage tests on: both. PostgreSQL is skipped only outside CI when
 * no server answers; in CI a missing server fails the run.
 */
export async function dialects(): Promise<DialectName[]> {
  pgReachable ??= reachable();
  if (await pgReachable) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${withoutPassword(PG_URL)}; CI never skips it`);
  noteSkipped(`PostgreSQL tests were skipped (no server at ${withoutPassword(PG_URL)}); SQLite only`);
  return ['sqlite'];
}

/**
 * A fresh, empty database of the dialect: a temp file, or a new PostgreSQL schema that
 * the URL selects (`options=-c search_path=...`), usable by other processes too.
 */
export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(dialect: DialectName): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'roster-test-'));
    return { url: join(dir, 'roster.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    url: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
