import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { queryOf } from '../form-body.ts';
import { portalOf, type PortalContext } from '../portal-context.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { readLogFilters, type LogFilterValues } from './log-filters.ts';
import { logMessages } from './log-messages.ts';
import { renderLogPage } from './log-page.ts';
import { replyHtml } from '../reply-html.ts';
import { adminErrorText } from '../admin-error-text.ts';

/** Requests per page. */
const PAGE_SIZE = 50;

/**
 * The Provisioning log: the tenant's SCIM requests, newest first, in pages, filtered by
 * IdP, errors and text, each error's detail readable. Read-only, so viewers may use it.
 */
export function registerProvisioningLogRoutes(app: FastifyInstance, roster: Roster): void {
  app.get(PORTAL_PATHS.log, async (req, reply) => {
    const ctx = portalOf(req);
    const params = queryOf(req);
    const filters = readLogFilters(params);
    if (!filters.ok)
      return refuse(reply, ctx, filters.values, logMessages(ctx.locale)(filters.problem.key, filters.problem.params));
    const cursor = params.cursor !== undefined && params.cursor !== '' ? params.cursor : undefined;
    try {
      const page = await roster.provisioningLog.query({
        tenantId: ctx.admin.tenantId,
        ...filters.query,
        limit: PAGE_SIZE,
        cursor,
      });
      const view = {
        values: filters.values,
        entries: page.entries,
        nextCursor: page.nextCursor,
        searchedBackTo: page.searchedBackTo,
        older: cursor !== undefined,
      };
      return replyHtml(reply, 200, renderLogPage(ctx, view));
    } catch (error) {
      // What the form cannot check itself, a cursor edited by hand for instance.
      if (error instanceof AdminError && error.code === 'invalid') {
        return refuse(
          reply,
          ctx,
          filters.values,
          logMessages(ctx.locale)('badQuery', { detail: adminErrorText(ctx.locale, error) }),
        );
      }
      throw error;
    }
  });
}

/** The page again, with what was chosen kept and the reason shown: status 400. */
function refuse(reply: FastifyReply, ctx: PortalContext, values: LogFilterValues, error: string): FastifyReply {
  const page = renderLogPage(ctx, { values, entries: null, nextCursor: null, older: false, error });
  return replyHtml(reply, 400, page);
}
