import type { Command } from 'commander';
import { cliActor } from './cli-actor.ts';
import { CliError } from './cli-error.ts';
import { printJson, printTable, shownTime } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `roster admins ...`: portal accounts. */
export function registerAdminsCommand(program: Command): void {
  const admins = program.command('admins').description('portal accounts (roles: owner, admin, viewer)');
  admins
    .command('create')
    .description('create a portal account; the password is hashed with argon2id, never stored or printed')
    .requiredOption('--email <address>', 'the account\'s email, used to sign in')
    .option('--password <password>', 'at least 12 characters (visible to other local users: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--role <role>', 'owner, admin or viewer (read-only)', 'admin')
    .option('--tenant <slug>', 'the tenant the account administers', 'default')
    .option('--json', 'print the account as a JSON object: id, tenantId, email, role, createdAt')
    .action(async (opts: { email: string; password?: string; passwordStdin?: boolean; role: string; tenant: string; json?: boolean }) => {
      if ((opts.password === undefined) === !opts.passwordStdin) throw new CliError('Give the password with --password or --password-stdin (one of them)');
      const password = opts.passwordStdin ? await readStdin() : opts.password!;
      const admin = await withRoster(async (roster) => {
        const tenant = await tenantNamed(roster, opts.tenant);
        return roster.admins.create(tenant.id, { email: opts.email, password, role: opts.role }, cliActor());
      });
      if (opts.json) return printJson(admin);
      process.stdout.write(`Account ${admin.email} created with role ${admin.role} in tenant ${opts.tenant}. Sign in at /admin.\n`);
    });
  admins
    .command('list')
    .description("a tenant's portal accounts")
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of accounts')
    .action(async (opts: { tenant: string; json?: boolean }) => {
      const list = await withRoster(async (roster) => roster.admins.list((await tenantNamed(roster, opts.tenant)).id));
      if (opts.json) return printJson(list);
      printTable(['EMAIL', 'ROLE', 'CREATED', 'LAST SIGN-IN'], list.map((a) => [a.email, a.role, shownTime(a.createdAt), shownTime(a.lastSignInAt)]));
    });
}
