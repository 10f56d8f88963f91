import type { Command } from 'commander';
import { cliActor } from './cli-actor.ts';
import { CliError } from './cli-error.ts';
import { printJson } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

const plural = (n: number, one: string, many: string): string =>
  `${n} ${new Intl.PluralRules('en').select(n) === 'one' ? one : many}`;

/** `roster export` and `roster import`: tenants moved between databases as JSON Lines. */
export function registerDumpCommands(program: Command): void {
  program
    .command('export')
    .summary('write tenants to standard output as JSON Lines, to move them to another database (no secrets)')
    .description(
      'write every tenant (or one) to standard output as JSON Lines: users, groups, memberships and attribute ' +
        'definitions, read from one snapshot while servers keep serving. No secret is written: no token, ' +
        'portal account, session or password hash (imported users have no password)',
    )
    .option('--tenant <slug>', 'only this tenant (default: every tenant)')
    .action(async (opts: { tenant?: string }) => {
      const summary = await withRoster(async (roster) => {
        if (opts.tenant !== undefined) await tenantNamed(roster, opts.tenant);
        return roster.dump.export({ tenant: opts.tenant }, writeOut);
      });
      // Standard output is the dump: the summary goes to standard error.
      process.stderr.write(
        `roster: exported ${plural(summary.tenants.length, 'tenant', 'tenants')} (${summary.tenants.join(', ')}): ` +
          `${plural(summary.users, 'user', 'users')}, ${plural(summary.groups, 'group', 'groups')}, ` +
          `${plural(summary.members, 'membership', 'memberships')}, ` +
          `${plural(summary.attributes, 'attribute definition', 'attribute definitions')}\n`,
      );
    });
  program
    .command('import')
    .summary('read a dump made by roster export into this database (one transaction, idempotent by id)')
    .description(
      'read a dump made by roster export (from <file>, or standard input) into this database, in one ' +
        'transaction: a tenant missing here is created; users and groups are written by id with their ' +
        'versions and timestamps (a user already here keeps its password); memberships missing here are ' +
        'added. Importing the same dump again changes nothing. Bad input is refused, naming its line, and ' +
        'changes nothing',
    )
    .argument('[file]', 'the dump (default: standard input)')
    .option('--json', 'print { tenants: [{ slug, created }], attributes, users, groups, members, membersAdded }')
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const [{ open }, { dumpLines }, { DumpError }] = await Promise.all([
        import('node:fs/promises'),
        import('../dump/dump-lines.ts'),
        import('../dump/dump-error.ts'),
      ]);
      const fromStdin = file === undefined || file === '-';
      if (fromStdin && process.stdin.isTTY) {
        throw new CliError('Give a dump: roster import <file>, or roster import < dump.jsonl');
      }
      const handle = fromStdin
        ? undefined
        : await open(file).catch((error: unknown) => {
            throw isNoSuchFile(error) ? new CliError(`There is no file ${file}`) : error;
          });
      const input = handle ? handle.createReadStream() : process.stdin;
      const summary = await withRoster(async (roster) => {
        try {
          return await roster.dump.import(dumpLines(input), cliActor());
        } catch (error) {
          if (error instanceof DumpError) throw new CliError(`${error.message}; nothing was imported`);
          throw error;
        }
      }).finally(() => input.destroy());
      if (opts.json) return printJson(summary);
      for (const t of summary.tenants) {
        process.stdout.write(`tenant ${t.slug}: ${t.created ? 'created' : 'already here'}\n`);
      }
      process.stdout.write(
        `imported ${plural(summary.users, 'user', 'users')}, ${plural(summary.groups, 'group', 'groups')}, ` +
          `${plural(summary.members, 'membership', 'memberships')} (${summary.membersAdded} new here), ` +
          `${plural(summary.attributes, 'attribute definition', 'attribute definitions')}\n`,
      );
    });
}

/** Writes to standard output and waits until it took the text: memory stays flat when the reader is slow. */
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(new CliError(`cannot write the dump: ${error.message}`));
    // A closed pipe is reported both to the callback and as an 'error' event; catch the event.
    process.stdout.once('error', failed);
    process.stdout.write(text, (error) => {
      process.stdout.off('error', failed);
      if (error) failed(error);
      else resolve();
    });
  });
}

const isNoSuchFile = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
