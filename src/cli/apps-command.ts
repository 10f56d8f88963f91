import type { Command } from 'commander';
import { APP_SCOPES, DEFAULT_APP_SCOPES } from '../applications/app-scopes.ts';
import type { AppTokenView } from '../applications/app-token-view.ts';
import { cliActor } from './cli-actor.ts';
import { printJson, printTable, shortId, shownTime } from './print.ts';
import { addTokenActions } from './token-actions.ts';
import { tenantNamed, withRoster } from './with-roster.ts';

type TenantOpts = { tenant: string; json?: boolean };

/** The feed's URL as the environment gives it (`ROSTER_PUBLIC_URL`, `PORT`). */
async function configuredApiUrl(): Promise<string> {
  const { loadConfig, scimUrlOf } = await import('../config.ts');
  return scimUrlOf(loadConfig()).replace(/\/scim\/v2$/, '/api/v1');
}

/** `roster apps ...`: the host application's read-only tokens (change feed, directory reads). */
export function registerAppsCommand(program: Command): void {
  const apps = program
    .command('apps')
    .description('application tokens: the host application reads the change feed and the directory with them');
  apps
    .command('create')
    .description(
      'issue a token for an application (creating it, with its scopes, on first use; at most two tokens each); prints the secret once',
    )
    .requiredOption('--name <name>', 'the application, e.g. "directory-mirror"')
    .option(
      '--scopes <list>',
      `comma-separated: ${APP_SCOPES.join(', ')} (default for a new application: ${DEFAULT_APP_SCOPES.join(',')}; an existing one keeps its own)`,
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print one JSON object: token, apiUrl, id, applicationId, tenant, application, scopes')
    .action(async (opts: { name: string; scopes?: string; tenant: string; json?: boolean }) => {
      const apiUrl = await configuredApiUrl();
      const { token, secret } = await withRoster(async (roster) =>
        roster.applications.issue((await tenantNamed(roster, opts.tenant)).id, {
          name: opts.name,
          actor: cliActor(),
          ...(opts.scopes !== undefined ? { scopes: opts.scopes } : {}),
        }),
      );
      if (opts.json) {
        return printJson({
          token: secret,
          apiUrl,
          id: token.id,
          applicationId: token.applicationId,
          tenant: opts.tenant,
          application: token.application,
          scopes: token.scopes,
        });
      }
      process.stdout.write(
        `Token for application ${token.application} (tenant ${opts.tenant}), shown only now; save it:\n\n` +
          `  Token:    ${secret}\n` +
          `  Scopes:   ${token.scopes.join(', ')}\n` +
          `  Feed URL: ${apiUrl}/events\n` +
          `  Token id: ${token.id}\n`,
      );
    });

  apps
    .command('list')
    .description(
      "the tenant's application tokens: application, scopes, last characters, status, created, renewed, last used",
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of tokens (never their secrets)')
    .action(async (opts: TenantOpts) => {
      const list = await withRoster(async (roster) =>
        roster.applications.list((await tenantNamed(roster, opts.tenant)).id),
      );
      if (opts.json) return printJson(list);
      if (list.length === 0) {
        process.stdout.write(
          `No application tokens in tenant ${opts.tenant}. Create one: roster apps create --name <name>\n`,
        );
        return;
      }
      printTable(
        ['ID', 'APPLICATION', 'SCOPES', 'SECRET', 'STATUS', 'CREATED', 'RENEWED', 'LAST USED'],
        list.map((t) => [
          shortId(t.id),
          t.application,
          t.scopes.join(','),
          `…${t.hint}`,
          t.status,
          shownTime(t.createdAt),
          shownTime(t.renewedAt),
          shownTime(t.lastUsedAt, 'never'),
        ]),
      );
    });

  addTokenActions<AppTokenView>(
    apps,
    [
      {
        name: 'activate',
        description: 'let an application token authenticate again',
        run: (r, t, id) => r.applications.activate(t, id, cliActor()),
        outcome: (t) => `is ${t.status}`,
      },
      {
        name: 'deactivate',
        description: 'refuse an application token from the very next request on',
        run: (r, t, id) => r.applications.deactivate(t, id, cliActor()),
        outcome: (t) => `is ${t.status}`,
      },
      {
        name: 'delete',
        description:
          "delete an application token; requests with it get 401 from now on (the application's last token takes the application with it)",
        run: (r, t, id) => r.applications.delete(t, id, cliActor()),
        outcome: () => 'is deleted',
      },
    ],
    (t) => `Application token ${shortId(t.id)} (${t.application})`,
  );

  apps
    .command('renew <id>')
    .description(
      "replace an application token's secret: the old one stops working at once; prints the new one once (the id, or a unique start of it)",
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print one JSON object: token (the new secret), id, application, scopes, hint')
    .action(async (id: string, opts: TenantOpts) => {
      const { token, secret } = await withRoster(async (roster) =>
        roster.applications.renew((await tenantNamed(roster, opts.tenant)).id, id, cliActor()),
      );
      if (opts.json) {
        return printJson({
          token: secret,
          id: token.id,
          application: token.application,
          scopes: token.scopes,
          hint: token.hint,
        });
      }
      process.stdout.write(
        `New secret for application token ${shortId(token.id)} (${token.application}), shown only now; save it.\n` +
          'The old secret no longer works.\n\n' +
          `  Token:  ${secret}\n` +
          `  Scopes: ${token.scopes.join(', ')}\n`,
      );
    });
}
