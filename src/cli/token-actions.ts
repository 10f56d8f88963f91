import type { Command } from 'commander';
import type { Roster } from '../roster.ts';
import { printJson } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

/** One `activate`/`deactivate`/`delete` subcommand of a kind of token. */
export interface TokenAction<T> {
  readonly name: 'activate' | 'deactivate' | 'delete';
  readonly description: string;
  readonly run: (roster: Roster, tenantId: string, id: string) => Promise<T>;
  /** What became of the token, e.g. `is inactive`. */
  readonly outcome: (token: T) => string;
}

/**
 * Adds `<name> <id> [--tenant] [--json]` for each action to `parent`: the same id rules
 * (the id, or a unique start of it), tenant option and output for IdP and application tokens.
 *
 * @example addTokenActions(tokens, actions, (t) => `Token ${shortId(t.id)} (${t.name})`)
 */
export function addTokenActions<T>(
  parent: Command,
  actions: readonly TokenAction<T>[],
  named: (token: T) => string,
): void {
  for (const { name, description, run, outcome } of actions) {
    parent
      .command(`${name} <id>`)
      .description(`${description} (the id, or enough of its start to be unique)`)
      .option('--tenant <slug>', 'tenant', 'default')
      .option('--json', 'print the token as a JSON object')
      .action(async (id: string, opts: { tenant: string; json?: boolean }) => {
        const token = await withRoster(async (roster) => run(roster, (await tenantNamed(roster, opts.tenant)).id, id));
        if (opts.json) return printJson(token);
        process.stdout.write(`${named(token)} ${outcome(token)}.\n`);
      });
  }
}
