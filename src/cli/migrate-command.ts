import type { Command } from 'commander';
import { redactUrl } from '../shared/redact-url.ts';

/**
 * `roster migrate`: brings the database schema up to date and exits. `serve` does the same
 * on start; this is for deployments that migrate in a separate step.
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (serve also does this on start) and exit')
    .option('--json', 'print { applied: [names] }')
    .action(async (opts: { json?: boolean }) => {
      const [{ loadConfig }, { migrateToLatest }, { openStore }] = await Promise.all([
        import('../config.ts'),
        import('../store/migrate.ts'),
        import('../store/open-store.ts'),
      ]);
      const config = loadConfig();
      const store = openStore({ url: config.databaseUrl, poolSize: 1 });
      try {
        const applied = await migrateToLatest(store);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ applied })}\n`);
        } else {
          process.stdout.write(
            applied.length === 0
              ? `${redactUrl(config.databaseUrl)} is up to date\n`
              : `applied to ${redactUrl(config.databaseUrl)}: ${applied.join(', ')}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
