import type { Command } from 'commander';
import { cliActor } from './cli-actor.ts';
import { CliError } from './cli-error.ts';
import { printJson, printTable, shownTime } from './print.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The password of `--password` or `--password-stdin` (exactly one of them). */
async function passwordOf(opts: { password?: string; passwordStdin?: boolean }): Promise<string> {
  if ((opts.password === undefined) === !opts.passwordStdin)
    throw new CliError('Give the password with --password or --password-stdin (one of them)');
  return opts.passwordStdin ? readStdin() : opts.password!;
}

/** `roster admins ...`: portal accounts. */
export function registerAdminsCommand(program: Command): void {
  const admins = program.command('admins').description('portal accounts (roles: owner, admin, viewer)');
  admins
    .command('create')
    .description('create a portal account; the password is hashed with argon2id, never stored or printed')
    .requiredOption('--email <address>', "the account's email, used to sign in")
    .option('--password <password>', 'at least 12 characters (visible to other local users: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--role <role>', 'owner, admin or viewer (read-only)', 'admin')
    .option('--tenant <slug>', 'the tenant the account administers', 'default')
    .option('--json', 'print the account as a JSON object: id, tenantId, email, role, createdAt')
    .action(
      async (opts: {
        email: string;
        password?: string;
        passwordStdin?: boolean;
        role: string;
        tenant: string;
        json?: boolean;
      }) => {
        const password = await passwordOf(opts);
        const admin = await withRoster(async (roster) => {
          const tenant = await tenantNamed(roster, opts.tenant);
          return roster.admins.create(tenant.id, { email: opts.email, password, role: opts.role }, cliActor());
        });
        if (opts.json) return printJson(admin);
        process.stdout.write(
          `Account ${admin.email} created with role ${admin.role} in tenant ${opts.tenant}. Sign in at /admin.\n`,
        );
      },
    );
  admins
    .command('list')
    .description("a tenant's portal accounts")
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of accounts')
    .action(async (opts: { tenant: string; json?: boolean }) => {
      const list = await withRoster(async (roster) => roster.admins.list((await tenantNamed(roster, opts.tenant)).id));
      if (opts.json) return printJson(list);
      printTable(
        ['EMAIL', 'ROLE', 'CREATED', 'LAST SIGN-IN'],
        list.map((a) => [a.email, a.role, shownTime(a.createdAt), shownTime(a.lastSignInAt)]),
      );
    });
  admins
    .command('role <email> <role>')
    .description("give an account another role (owner, admin or viewer); a tenant's last owner stays owner")
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print the account as a JSON object')
    .action(async (email: string, role: string, opts: { tenant: string; json?: boolean }) => {
      const { before, after } = await withRoster(async (roster) => {
        const tenantId = (await tenantNamed(roster, opts.tenant)).id;
        const account = await roster.admins.findByEmail(tenantId, email);
        return { before: account, after: await roster.admins.changeRole(tenantId, account.id, role, cliActor()) };
      });
      if (opts.json) return printJson(after);
      const change =
        before.role === after.role
          ? `already had role ${after.role}`
          : `now has role ${after.role} (was ${before.role})`;
      process.stdout.write(`Account ${after.email} ${change}.\n`);
    });
  admins
    .command('password <email>')
    .description("set an account's password without the current one (a forgotten password); ends all its sessions")
    .option('--password <password>', 'at least 12 characters (visible to other local users: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print { email, sessionsEnded }')
    .action(
      async (email: string, opts: { password?: string; passwordStdin?: boolean; tenant: string; json?: boolean }) => {
        const password = await passwordOf(opts);
        const { sessionsEnded } = await withRoster(async (roster) =>
          roster.admins.resetPassword((await tenantNamed(roster, opts.tenant)).id, email, password, cliActor()),
        );
        if (opts.json) return printJson({ email: email.trim().toLowerCase(), sessionsEnded });
        const sessions = new Intl.PluralRules('en').select(sessionsEnded) === 'one' ? 'session' : 'sessions';
        process.stdout.write(`Password of ${email.trim().toLowerCase()} set; ${sessionsEnded} ${sessions} ended.\n`);
      },
    );
  admins
    .command('remove <email>')
    .description("delete an account and end its sessions at once; a tenant's last owner stays")
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print the removed account as a JSON object')
    .action(async (email: string, opts: { tenant: string; json?: boolean }) => {
      const removed = await withRoster(async (roster) => {
        const tenantId = (await tenantNamed(roster, opts.tenant)).id;
        return roster.admins.remove(tenantId, (await roster.admins.findByEmail(tenantId, email)).id, cliActor());
      });
      if (opts.json) return printJson(removed);
      process.stdout.write(`Account ${removed.email} removed; its sessions have ended.\n`);
    });
}
