import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson } from './print.ts';

const POSTGRES_BACKUP =
  'ROSTER_DATABASE_URL names PostgreSQL: back it up with pg_dump (pg_dump --format=custom --file=roster.dump "$URL") ' +
  'and restore with pg_restore (see docs/operations.md, "Backups")';

/** `roster backup <file>` and `roster restore <file>`, for the SQLite database. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('copy the SQLite database to <file> while servers keep serving (PostgreSQL: use pg_dump)')
    .argument('<file>', 'a new file for the copy')
    .option('--json', 'print { file, migrations }')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { backupSqlite } = await import('../store/sqlite-backup.ts');
      const database = await sqliteDatabase();
      const { migrations } = await explained(backupSqlite(database, file));
      if (opts.json) printJson({ file, migrations });
      else process.stdout.write(`backed up ${database} to ${file} (schema ${migrations.at(-1) ?? 'empty'})\n`);
    });
  program
    .command('restore')
    .description(
      'replace the SQLite database with the backup <file> (no server may be using it; the old one is kept aside)',
    )
    .argument('<file>', 'a file made by roster backup')
    .option('--json', 'print { file, database, previous, migrations }')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { restoreSqlite } = await import('../store/sqlite-backup.ts');
      const database = await sqliteDatabase();
      const { migrations, previous } = await explained(restoreSqlite(file, database));
      if (opts.json) {
        printJson({ file, database, previous, migrations });
      } else {
        process.stdout.write(
          `restored ${file} to ${database}${previous ? `; the database it replaced is kept as ${previous}` : ''}\n` +
            `(schema ${migrations.at(-1) ?? 'empty'}; roster serve or roster migrate brings it up to date)\n`,
        );
      }
    });
}

// The configuration and the store (better-sqlite3) are imported when a command runs, so
// `roster --help` does not load them.
async function sqliteDatabase(): Promise<string> {
  const [{ loadConfig }, { sqliteFileOf }] = await Promise.all([
    import('../config.ts'),
    import('../store/open-store.ts'),
  ]);
  const file = sqliteFileOf(loadConfig().databaseUrl);
  if (file === undefined) throw new CliError(POSTGRES_BACKUP);
  return file;
}

async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const { BackupError } = await import('../store/sqlite-backup.ts');
    if (error instanceof BackupError) throw new CliError(error.message);
    throw error;
  }
}
