import { existsSync, renameSync, rmSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { knownMigrationNames } from './migrate.ts';
import { liveServers } from './sqlite-servers.ts';

/** A backup or restore that cannot be done; the message says why, and nothing was changed. */
export class BackupError extends Error {}

/**
 * Copies a live SQLite database to `target`, consistently, while servers keep writing:
 * SQLite's online backup copies every page in one step, inside one read transaction, so
 * the copy is the database as of one commit (WAL lets writers go on meanwhile), and every
 * write acknowledged before the copy began is in it.
 *
 * @throws BackupError when `target` exists or the source is not a Roster database.
 * @example await backupSqlite('./data/roster.db', '/backups/roster-2026-01-31.db')
 */
export async function backupSqlite(source: string, target: string): Promise<{ migrations: string[] }> {
  if (existsSync(target)) throw new BackupError(`${target} exists; choose a new file name`);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}`);
  const db = new Sqlite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 15000');
    const migrations = appliedMigrations(db, source);
    // progress() returns how many pages the next step copies: all of them, so no step ever
    // sees another's commits (a copy made in small steps restarts on every concurrent write).
    await db.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
    return { migrations };
  } finally {
    db.close();
  }
}

/**
 * Replaces the SQLite database `target` with the backup `source`. Refuses, changing
 * nothing, when a server uses `target`, when `source` is not a Roster database or fails
 * SQLite's integrity check, or when it comes from a newer Roster (migrations this version
 * does not know). The database it replaces is kept beside it as `<target>.before-restore-<time>`.
 *
 * @example await restoreSqlite('/backups/roster-2026-01-31.db', './data/roster.db')
 */
export async function restoreSqlite(
  source: string,
  target: string,
): Promise<{ migrations: string[]; previous: string | null }> {
  const servers = liveServers(target);
  if (servers.length > 0) {
    throw new BackupError(`A server (process ${servers.join(', ')}) uses ${target}: stop it before restoring`);
  }
  if (!existsSync(source)) throw new BackupError(`There is no backup at ${source}`);
  const backup = new Sqlite(source, { readonly: true, fileMustExist: true });
  try {
    const migrations = appliedMigrations(backup, source);
    const known = new Set(knownMigrationNames());
    const newer = migrations.filter((m) => !known.has(m));
    if (newer.length > 0) {
      throw new BackupError(
        `${source} comes from a newer Roster (migrations ${newer.join(', ')}): restore it with that version or newer`,
      );
    }
    const check = backup.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${source} is damaged: SQLite's check says ${String(check)}`);
    // Copy beside the target first, then swap: a failure midway leaves the target as it was.
    const staged = `${target}.restoring-${process.pid}`;
    rmSync(staged, { force: true });
    await backup.backup(staged, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
    let previous: string | null = null;
    if (existsSync(target)) {
      previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, previous);
    }
    // The old database's WAL belongs to it, and must not be replayed over the restored one.
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(`${target}${suffix}`)) {
        if (previous) renameSync(`${target}${suffix}`, `${previous}${suffix}`);
        else rmSync(`${target}${suffix}`);
      }
    }
    renameSync(staged, target);
    return { migrations, previous };
  } finally {
    backup.close();
  }
}

/** The migrations a Roster database has applied; BackupError for a file that is no Roster database. */
function appliedMigrations(db: Sqlite.Database, file: string): string[] {
  try {
    return (db.prepare('select name from roster_migrations order by name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } catch {
    throw new BackupError(`${file} is not a Roster database`);
  }
}
