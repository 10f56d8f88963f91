import { Command } from 'commander';
import { TokenLimitError } from '../tokens/tokens-service.ts';
import { CliError } from './cli-error.ts';
import { serve } from './serve-command.ts';
import { registerTokensCommand } from './tokens-command.ts';

const program = new Command()
  .name('roster')
  .description(
    'Roster: a SCIM 2.0 provisioning service.\n' +
      'Settings come from the environment: PORT (8080), ROSTER_DATABASE_URL (./data/roster.db, or postgres://...),\n' +
      'ROSTER_PUBLIC_URL (http://localhost:<PORT>), ROSTER_DATABASE_POOL_SIZE (10), ROSTER_LOG_LEVEL (info).',
  )
  .showHelpAfterError();

program.command('serve').description('serve the SCIM API (migrates the database first)').action(serve);
registerTokensCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError || error instanceof TokenLimitError) {
    process.stderr.write(`roster: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
