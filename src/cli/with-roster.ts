import type { Roster } from '../roster.ts';
import type { Tenant } from '../tenants/tenants-service.ts';
import { CliError } from './cli-error.ts';

// The configuration (zod) and the services (Kysely, the database drivers) are imported
// when a command runs, not when main.ts registers it: `roster --help` needs none of them.

/**
 * Opens Roster for one command and closes it after, whatever happens.
 *
 * @example const tokens = await withRoster((roster) => roster.tokens.list(tenantId))
 */
export async function withRoster<T>(run: (roster: Roster) => Promise<T>): Promise<T> {
  const [{ loadConfig, publicOriginOf }, { openRoster }] = await Promise.all([
    import('../config.ts'),
    import('../roster.ts'),
  ]);
  const config = loadConfig();
  const roster = await openRoster({
    databaseUrl: config.databaseUrl,
    poolSize: 2,
    customSchemaUrn: config.customSchemaUrn,
    secretKey: config.secretKey,
    webhookTargets: { allowHttp: config.webhooksAllowHttp, allowPrivate: config.webhooksAllowPrivate },
    publicOrigin: publicOriginOf(config),
  });
  try {
    return await run(roster);
  } finally {
    await roster.close();
  }
}

/**
 * The SCIM base URL the environment gives (`ROSTER_PUBLIC_URL`, `PORT`): what an identity
 * provider is told to call.
 *
 * @example await configuredScimUrl() // 'http://localhost:8080/scim/v2'
 */
export async function configuredScimUrl(): Promise<string> {
  const { loadConfig, scimUrlOf } = await import('../config.ts');
  return scimUrlOf(loadConfig());
}

/**
 * The tenant a `--tenant <slug>` option names.
 *
 * @throws CliError when there is none.
 */
export async function tenantNamed(roster: Roster, slug: string): Promise<Tenant> {
  const tenant = await roster.tenants.findBySlug(slug);
  if (!tenant) throw new CliError(`No tenant "${slug}"`);
  return tenant;
}
