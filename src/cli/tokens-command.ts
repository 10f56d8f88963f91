import type { Command } from 'commander';
import { IDP_KINDS, isIdpKind } from '../tokens/idp-kinds.ts';
import type { TokenView } from '../tokens/token-view.ts';
import { cliActor } from './cli-actor.ts';
import { CliError } from './cli-error.ts';
import { printJson, printTable, shortId, shownTime } from './print.ts';
import { addTokenActions } from './token-actions.ts';
import { configuredScimUrl, tenantNamed, withRoster } from './with-roster.ts';

type TenantOpts = { tenant: string; json?: boolean };

/** `roster tokens ...`: bearer tokens for identity-provider connections. */
export function registerTokensCommand(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('bearer tokens that identity providers use to call the SCIM API');
  tokens
    .command('create')
    .description(
      "issue a token for the tenant's connection to an identity provider (creating the connection on first use); prints the secret once",
    )
    .requiredOption('--idp <kind>', `identity provider: ${Object.keys(IDP_KINDS).join(', ')}`)
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--name <text>', 'a name to tell the token apart')
    .option('--expires-days <days>', 'days until the token expires (default: never)')
    .option('--json', 'print one JSON object: token, scimUrl, id, connectionId, tenant, idp, name, expiresAt')
    .action(async (opts: { idp: string; tenant: string; name?: string; expiresDays?: string; json?: boolean }) => {
      if (!isIdpKind(opts.idp)) {
        throw new CliError(`Unknown identity provider "${opts.idp}". Use one of: ${Object.keys(IDP_KINDS).join(', ')}`);
      }
      const kind = opts.idp;
      let expiresInDays: number | undefined;
      if (opts.expiresDays !== undefined) {
        expiresInDays = Number(opts.expiresDays);
        if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650) {
          throw new CliError('--expires-days must be a whole number of days from 1 to 3650');
        }
      }
      const scimUrl = await configuredScimUrl();
      const actor = cliActor();
      const issued = await withRoster(async (roster) => {
        const tenant = await tenantNamed(roster, opts.tenant);
        const connectionId = await roster.tokens.ensureConnection(tenant.id, kind, { actor });
        return roster.tokens.issue(tenant.id, connectionId, {
          actor,
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(expiresInDays !== undefined ? { expiresInDays } : {}),
        });
      });
      if (opts.json) {
        printJson({
          token: issued.secret,
          scimUrl,
          id: issued.id,
          connectionId: issued.connectionId,
          tenant: opts.tenant,
          idp: kind,
          name: issued.name,
          expiresAt: issued.expiresAt,
        });
        return;
      }
      process.stdout.write(
        `Token for ${IDP_KINDS[kind]} (tenant ${opts.tenant}), shown only now; save it:\n\n` +
          `  Token:         ${issued.secret}\n` +
          `  SCIM base URL: ${scimUrl}\n` +
          `  Token id:      ${issued.id}\n` +
          `  Expires:       ${issued.expiresAt ?? 'never'}\n`,
      );
    });

  tokens
    .command('list')
    .description("the tenant's tokens: name, last characters, IdP, status, created, renewed, expires, last used")
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print a JSON array of tokens (never their secrets)')
    .action(async (opts: TenantOpts) => {
      const list = await withRoster(async (roster) => roster.tokens.list((await tenantNamed(roster, opts.tenant)).id));
      if (opts.json) return printJson(list);
      if (list.length === 0) {
        process.stdout.write(`No tokens in tenant ${opts.tenant}. Create one: roster tokens create --idp <kind>\n`);
        return;
      }
      printTable(
        ['ID', 'NAME', 'SECRET', 'IDP', 'CONNECTION', 'STATUS', 'CREATED', 'RENEWED', 'EXPIRES', 'LAST USED'],
        list.map((t) => [
          shortId(t.id),
          t.name,
          `…${t.hint}`,
          t.idp,
          t.connectionName,
          t.status,
          shownTime(t.createdAt),
          shownTime(t.renewedAt),
          shownTime(t.expiresAt, 'never'),
          shownTime(t.lastUsedAt, 'never'),
        ]),
      );
    });

  addTokenActions<TokenView>(
    tokens,
    [
      {
        name: 'activate',
        description: 'let a token authenticate again',
        run: (r, t, id) => r.tokens.activate(t, id, cliActor()),
        outcome: (t) => (t.status === 'expired' ? 'is active but expired: renew it' : `is ${t.status}`),
      },
      {
        name: 'deactivate',
        description: 'refuse a token from the very next request on',
        run: (r, t, id) => r.tokens.deactivate(t, id, cliActor()),
        outcome: (t) => `is ${t.status}`,
      },
      {
        name: 'delete',
        description: 'delete a token; requests with it get 401 from now on',
        run: (r, t, id) => r.tokens.delete(t, id, cliActor()),
        outcome: () => 'is deleted',
      },
    ],
    (t) => `Token ${shortId(t.id)} (${t.name}, ${t.idp})`,
  );

  tokens
    .command('renew <id>')
    .description(
      "replace a token's secret: the old one stops working at once; prints the new one once (the id, or a unique start of it)",
    )
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--json', 'print one JSON object: token (the new secret), scimUrl, id, name, idp, hint, expiresAt')
    .action(async (id: string, opts: TenantOpts) => {
      const scimUrl = await configuredScimUrl();
      const { token, secret } = await withRoster(async (roster) =>
        roster.tokens.renew((await tenantNamed(roster, opts.tenant)).id, id, cliActor()),
      );
      if (opts.json) {
        return printJson({
          token: secret,
          scimUrl,
          id: token.id,
          name: token.name,
          idp: token.idpKind,
          hint: token.hint,
          expiresAt: token.expiresAt,
        });
      }
      process.stdout.write(
        `New secret for token ${shortId(token.id)} (${token.name}, ${token.idp}), shown only now; save it.\n` +
          'The old secret no longer works.\n\n' +
          `  Token:         ${secret}\n` +
          `  SCIM base URL: ${scimUrl}\n` +
          `  Expires:       ${token.expiresAt ?? 'never'}\n`,
      );
    });
}
