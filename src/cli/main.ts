import { Command } from 'commander';
import { ConfigError } from '../config-error.ts';
import { SETTINGS } from '../config.ts';
import { AdminError } from '../shared/admin-error.ts';
import { registerAdminsCommand } from './admins-command.ts';
import { registerAppsCommand } from './apps-command.ts';
import { registerAttributesCommand } from './attributes-command.ts';
import { registerAuditCommand } from './audit-command.ts';
import { registerBackupCommands } from './backup-command.ts';
import { CliError } from './cli-error.ts';
import { registerConfigCommand } from './config-command.ts';
import { registerConnectionsCommand } from './connections-command.ts';
import { registerDumpCommands } from './dump-command.ts';
import { registerLogCommand } from './log-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerTenantsCommand } from './tenants-command.ts';
import { registerTokensCommand } from './tokens-command.ts';
import { registerWebhooksCommand } from './webhooks-command.ts';

const program = new Command()
  .name('roster')
  .description(
    'Roster: a SCIM 2.0 provisioning service with an admin portal (/admin).\n' +
      'Settings come from the environment (`roster config` checks and shows them): ' +
      Object.entries(SETTINGS)
        .map(([name, s]) => ('default' in s ? `${name} (${s.default})` : name))
        .join(', ') +
      '.',
  )
  .showHelpAfterError();

// A command module imports only commander and small helpers (and the settings' list, for
// this help); what its action runs on (the store and its drivers, the services, the HTTP
// stack) is imported when the action runs, so `roster --help` and each command start
// without loading what they do not use.
program
  .command('serve')
  .description('serve the SCIM API, the change feed (/api/v1) and the admin portal (migrates the database first)')
  .action(async () => (await import('./serve-command.ts')).serve());
registerMigrateCommand(program);
registerConfigCommand(program);
registerBackupCommands(program);
registerDumpCommands(program);
registerTokensCommand(program);
registerAppsCommand(program);
registerConnectionsCommand(program);
registerTenantsCommand(program);
registerAttributesCommand(program);
registerAuditCommand(program);
registerLogCommand(program);
registerAdminsCommand(program);
registerWebhooksCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`roster: ${problem}\n`);
    process.exitCode = 1;
  } else if (error instanceof CliError || error instanceof AdminError) {
    process.stderr.write(`roster: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
