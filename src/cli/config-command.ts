import type { Command } from 'commander';
import { effectiveSettings, loadConfig, SETTINGS } from '../config.ts';
import { printJson, printTable } from './print.ts';

/**
 * `roster config`: the settings this environment gives, checked as `serve` checks them,
 * with secrets redacted (a database password, the metrics token), so the output can be
 * pasted into a support ticket.
 */
export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('check the settings (environment variables) and print the effective configuration, secrets redacted')
    .option('--json', 'print { settings: [{ name, value, source, meaning }] }')
    .action((opts: { json?: boolean }) => {
      loadConfig(); // a bad value fails here, one line per problem, as it would for serve
      const settings = effectiveSettings().map((s) => ({ ...s, meaning: SETTINGS[s.name].meaning }));
      if (opts.json) {
        printJson({ settings });
      } else {
        printTable(
          ['VARIABLE', 'VALUE', 'SOURCE'],
          settings.map((s) => [s.name, s.value ?? '(unset)', s.source]),
        );
      }
    });
}
