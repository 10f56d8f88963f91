import type { FastifyRequest } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { baseUrlOf } from '../../base-url.ts';
import type { PortalContext } from '../portal-context.ts';
import type { GenerateFields } from './generate-choice.ts';
import { renderProvisioningPage, type ProvisioningPageData } from './provisioning-page.ts';

/**
 * Reads what the User Provisioning page shows and renders it: the tenant's tokens (one
 * query) and each token's traffic (one query over the log's hourly counters), whatever
 * the number of users or log entries.
 */
export async function showProvisioningPage(
  roster: Roster,
  req: FastifyRequest,
  ctx: PortalContext,
  options: { fields: GenerateFields; notice?: ProvisioningPageData['notice'] },
): Promise<string> {
  const scimUrl = baseUrlOf(req);
  const tokens = await roster.tokens.list(ctx.admin.tenantId);
  const activity = await roster.provisioningLog.tokenActivity(tokens.map((t) => t.id));
  return renderProvisioningPage(ctx, { tokens, activity, scimUrl, fields: options.fields, notice: options.notice });
}
