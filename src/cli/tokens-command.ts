import type { Command } from 'commander';
import { loadConfig, scimUrlOf } from '../config.ts';
import { openRoster, type Roster } from '../roster.ts';
import { IDP_KINDS, isIdpKind } from '../tokens/idp-kinds.ts';
import { CliError } from './cli-error.ts';

async function withRoster<T>(run: (roster: Roster) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const roster = await openRoster({ databaseUrl: config.databaseUrl, poolSize: 2 });
  try {
    return await run(roster);
  } finally {
    await roster.close();
  }
}

/** `roster tokens ...`: bearer tokens for identity-provider connections. */
export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('bearer tokens that identity providers use to call the SCIM API');
  tokens
    .command('create')
    .description("issue a token for the tenant's connection to an identity provider (creating the connection on first use); prints the secret once")
    .requiredOption('--idp <kind>', `identity provider: ${Object.keys(IDP_KINDS).join(', ')}`)
    .option('--tenant <slug>', 'tenant', 'default')
    .option('--name <text>', 'a name to tell the token apart')
    .option('--expires-days <days>', 'days until the token expires (default: never)')
    .option('--json', 'print one JSON object: token, scimUrl, id, connectionId, tenant, idp, expiresAt')
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
      const scimUrl = scimUrlOf(loadConfig());
      const issued = await withRoster(async (roster) => {
        const tenant = await roster.tenants.findBySlug(opts.tenant);
        if (!tenant) throw new CliError(`No tenant "${opts.tenant}"`);
        const connectionId = await roster.tokens.ensureConnection(tenant.id, kind);
        return roster.tokens.issue(tenant.id, connectionId, {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(expiresInDays !== undefined ? { expiresInDays } : {}),
        });
      });
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({
            token: issued.secret,
            scimUrl,
            id: issued.id,
            connectionId: issued.connectionId,
            tenant: opts.tenant,
            idp: kind,
            name: issued.name,
            expiresAt: issued.expiresAt,
          })}\n`,
        );
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
}
