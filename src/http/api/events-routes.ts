import type { FastifyInstance } from 'fastify';
import { FeedGoneError } from '../../events/events-service.ts';
import type { Roster } from '../../roster.ts';
import { appWith } from './api-auth.ts';
import { ApiError } from './api-error.ts';
import { encodeFeedCursor } from './feed-cursor.ts';
import { parseFeedRequest } from './feed-query.ts';

/** `GET /api/v1/events`: the tenant's change feed, ascending, as a long poll when `wait` is given. */
export function registerEventsRoutes(app: FastifyInstance, roster: Roster): void {
  app.get('/events', async (request, reply) => {
    const { tenantId } = appWith(request, 'events:read');
    const { query, waitMs } = parseFeedRequest(request.query as Record<string, unknown>);
    // A client that goes away ends its wait at once: no timer or waiter is left behind.
    const abort = new AbortController();
    const onClose = (): void => abort.abort();
    reply.raw.once('close', onClose);
    try {
      const page =
        waitMs > 0
          ? await roster.events.wait(tenantId, query, waitMs, abort.signal)
          : await roster.events.read(tenantId, query);
      reply.header('cache-control', 'no-store');
      return { data: page.events, nextCursor: encodeFeedCursor(page.next), hasMore: page.hasMore };
    } catch (error) {
      if (error instanceof FeedGoneError) {
        const snapshot = `${apiOrigin(request)}/api/v1/snapshot`;
        throw new ApiError(
          410,
          'cursor_expired',
          `This cursor is older than the feed keeps (events up to seq ${error.prunedThrough} were deleted by retention): start again from a snapshot, GET ${snapshot}, and read the feed from the cursor on its first line`,
          'after',
          { snapshot },
        );
      }
      throw error;
    } finally {
      reply.raw.off('close', onClose);
    }
  });
}

/** The origin clients reach this API at: the configured public one, else the request's own. */
export const apiOrigin = (request: { server: { publicUrl: string | undefined }; protocol: string; host: string }): string =>
  request.server.publicUrl ?? `${request.protocol}://${request.host}`;
