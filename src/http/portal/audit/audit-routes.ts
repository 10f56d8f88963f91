import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { queryOf } from '../form-body.ts';
import { portalOf, type PortalContext } from '../portal-context.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { auditCsvChunks, auditCsvFileName } from './audit-csv-download.ts';
import { readAuditFilters, type AuditFilterValues } from './audit-filters.ts';
import { auditMessages } from './audit-messages.ts';
import { renderAuditPage } from './audit-page.ts';
import { replyHtml } from '../reply-html.ts';
import { adminErrorText } from '../admin-error-text.ts';

/** Events per page. */
const PAGE_SIZE = 50;

/**
 * Audit History: the tenant's events in pages, filtered by day, type, IdP and actor, and
 * their CSV export with the same filters. Read-only, so viewers may use both.
 */
export function registerAuditRoutes(app: FastifyInstance, roster: Roster): void {
  app.get(PORTAL_PATHS.audit, async (req, reply) => {
    const ctx = portalOf(req);
    const params = queryOf(req);
    const filters = readAuditFilters(params);
    if (!filters.ok) {
      return refuse(reply, ctx, filters.values, auditMessages(ctx.locale)(filters.problem.key, filters.problem.params));
    }
    const cursor = params.cursor !== undefined && params.cursor !== '' ? params.cursor : undefined;
    try {
      const page = await roster.audit.list({
        tenantId: ctx.admin.tenantId,
        ...filters.query,
        limit: PAGE_SIZE,
        cursor,
      });
      return replyHtml(
        reply,
        200,
        renderAuditPage(ctx, {
          values: filters.values,
          events: page.events,
          nextCursor: page.nextCursor,
          older: cursor !== undefined,
        }),
      );
    } catch (error) {
      // What the form cannot check itself, a cursor edited by hand for instance.
      if (error instanceof AdminError && error.code === 'invalid') {
        return refuse(
          reply,
          ctx,
          filters.values,
          auditMessages(ctx.locale)('badQuery', { detail: adminErrorText(ctx.locale, error) }),
        );
      }
      throw error;
    }
  });

  app.get(PORTAL_PATHS.auditCsv, async (req, reply) => {
    const ctx = portalOf(req);
    const filters = readAuditFilters(queryOf(req));
    if (!filters.ok) {
      return refuse(reply, ctx, filters.values, auditMessages(ctx.locale)(filters.problem.key, filters.problem.params));
    }
    const events = roster.audit.all({ tenantId: ctx.admin.tenantId, ...filters.query });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${auditCsvFileName()}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(auditCsvChunks(events)));
  });
}

/** The page again, with what was typed kept and the reason shown: status 400. */
function refuse(reply: FastifyReply, ctx: PortalContext, values: AuditFilterValues, error: string): FastifyReply {
  return replyHtml(reply, 400, renderAuditPage(ctx, { values, events: null, nextCursor: null, older: false, error }));
}
