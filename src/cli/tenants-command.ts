import type { Command } from 'commander';
import { cliActor } from './cli-actor.ts';
import { printJson, printTable, shownTime } from './print.ts';
import { withRoster } from './with-roster.ts';

/** `roster tenants ...`: organizations; every token, user and group belongs to one. */
export function registerTenantsCommand(program: Command): void {
  const tenants = program
    .command('tenants')
    .description('tenants (organizations): each has its own users, groups, connections and tokens');
  tenants
    .command('create <slug>')
    .description('create a tenant; the slug is lower-case letters, digits and hyphens')
    .option('--name <text>', 'display name (default: the slug)')
    .option('--json', 'print the tenant as a JSON object: id, slug, name, createdAt')
    .action(async (slug: string, opts: { name?: string; json?: boolean }) => {
      const tenant = await withRoster((roster) => roster.tenants.create(slug, opts.name, cliActor()));
      if (opts.json) return printJson(tenant);
      process.stdout.write(
        `Tenant ${tenant.slug} created (id ${tenant.id}).\n` +
          `Issue its first token: roster tokens create --tenant ${tenant.slug} --idp <kind>\n`,
      );
    });
  tenants
    .command('list')
    .description('every tenant')
    .option('--json', 'print a JSON array of tenants')
    .action(async (opts: { json?: boolean }) => {
      const list = await withRoster((roster) => roster.tenants.list());
      if (opts.json) return printJson(list);
      printTable(
        ['SLUG', 'NAME', 'CREATED', 'ID'],
        list.map((t) => [t.slug, t.name, shownTime(t.createdAt), t.id]),
      );
    });
}
