import type { Command } from 'commander';
import { cliActor } from './cli-actor.ts';
import { printJson, printTable, shortId, shownTime } from './print.ts';
import { configuredScimUrl, tenantNamed, withRoster } from './with-roster.ts';

type Opts = { tenant: string; json?: boolean };

/** `roster connections ...`: a tenant's links to identity providers. */
export function registerConnectionsCommand(program: Command): void {
  const connections = program
    .command('connections')
    .description("a tenant's connections to identity providers (created by `roster tokens create`)");
  connections
    .command('list')
    .description(
      'connections with their SCIM URL, token count, requests and errors in the last 24 hours, and last request',
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of connections')
    .action(async (opts: Opts) => {
      const scimUrl = await configuredScimUrl();
      const list = await withRoster(async (roster) =>
        roster.connections.list((await tenantNamed(roster, opts.tenant)).id, scimUrl),
      );
      if (opts.json) return printJson(list);
      if (list.length === 0) {
        process.stdout.write(
          `No connections in tenant ${opts.tenant}. Create one: roster tokens create --idp <kind>\n`,
        );
        return;
      }
      printTable(
        ['ID', 'NAME', 'IDP', 'TOKENS', 'REQUESTS 24H', 'ERRORS 24H', 'LAST REQUEST', 'SCIM URL'],
        list.map((c) => [
          shortId(c.id),
          c.name,
          c.idp,
          String(c.tokens),
          String(c.requests24h),
          String(c.errors24h),
          shownTime(c.lastRequestAt, 'never'),
          c.scimUrl,
        ]),
      );
    });
  connections
    .command('rename <id> <name>')
    .description('give a connection another display name (the id, or a unique start of it)')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print { id, name }')
    .action(async (id: string, name: string, opts: Opts) => {
      const renamed = await withRoster(async (roster) =>
        roster.connections.rename((await tenantNamed(roster, opts.tenant)).id, id, name, cliActor()),
      );
      if (opts.json) return printJson(renamed);
      process.stdout.write(`Connection ${shortId(renamed.id)} is now named "${renamed.name}".\n`);
    });
  connections
    .command('delete <id>')
    .description('delete a connection and its tokens: requests with them get 401 from now on')
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print { id, name, tokensDeleted }')
    .action(async (id: string, opts: Opts) => {
      const deleted = await withRoster(async (roster) =>
        roster.connections.delete((await tenantNamed(roster, opts.tenant)).id, id, cliActor()),
      );
      if (opts.json) return printJson(deleted);
      process.stdout.write(
        `Connection ${shortId(deleted.id)} (${deleted.name}) is deleted, with ${deleted.tokensDeleted} token(s).\n`,
      );
    });
}
