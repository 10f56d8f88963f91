import { Command } from 'commander';
import { ConfigError } from '../config-error.ts';
import { AdminError } from '../shared/admin-error.ts';
import { registerAdminsCommand } from './admins-command.ts';
import { registerAttributesCommand } from './attributes-command.ts';
import { registerAuditCommand } from './audit-command.ts';
import { CliError } from './cli-error.ts';
import { registerConnectionsCommand } from './connections-command.ts';
import { registerLogCommand } from './log-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerTenantsCommand } from './tenants-command.ts';
import { registerTokensCommand } from './tokens-command.ts';

const program = new Command()
  .name('roster')
  .description(
    'Roster: a SCIM 2.0 provisioning service with an admin portal (/admin).\n' +
      'Settings come from the environment: PORT (8080), ROSTER_DATABASE_URL (./data/roster.db, or postgres://...), ' +
      'ROSTER_PUBLIC_URL (http://localhost:<PORT>), ROSTER_DATABASE_POOL_SIZE (10), ROSTER_LOG_LEVEL (info), ' +
      'ROSTER_LOG_RETENTION_DAYS (30), ROSTER_LOG_MAX_ROWS (1000000), ROSTER_LOG_FLUSH_MS (250), ' +
      'ROSTER_CUSTOM_SCHEMA_URN (urn:ietf:params:scim:schemas:extension:roster:2.0:User), ROSTER_TRUST_PROXY (false).',
  )
  .showHelpAfterError();

// A command module imports only commander and small helpers; what its action runs on (the
// configuration, the store and its drivers, the HTTP stack) is imported when the action runs,
// so `roster --help` and each command start without loading what they do not use.
program
  .command('serve')
  .description('serve the SCIM API and the admin portal (migrates the database first)')
  .action(async () => (await import('./serve-command.ts')).serve());
registerMigrateCommand(program);
registerTokensCommand(program);
registerConnectionsCommand(program);
registerTenantsCommand(program);
registerAttributesCommand(program);
registerAuditCommand(program);
registerLogCommand(program);
registerAdminsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError || error instanceof AdminError || error instanceof ConfigError) {
    process.stderr.write(`roster: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
