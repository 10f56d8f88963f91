import { loadConfig } from '../config.ts';
import { openRoster, type Roster } from '../roster.ts';
import type { Tenant } from '../tenants/tenants-service.ts';
import { CliError } from './cli-error.ts';

/**
 * Opens Roster for one command and closes it after, whatever happens.
 *
 * @example const tokens = await withRoster((roster) => roster.tokens.list(tenantId))
 */
export async function withRoster<T>(run: (roster: Roster) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const roster = await openRoster({
    databaseUrl: config.databaseUrl,
    poolSize: 2,
    customSchemaUrn: config.customSchemaUrn,
  });
  try {
    return await run(roster);
  } finally {
    await roster.close();
  }
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
