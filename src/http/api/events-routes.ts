import type { FastifyInstance } from 'fastify';
import { FeedGoneError } from '../../events/events-service.ts';
import type { Roster } from '../../roster.ts';
import { originOf } from '../base-url.ts';
import { appWith } from './api-auth.ts';
import { ApiError } from './api-error.ts';
import { encodeFeedCursor } from './feed-cursor.ts';
import { parseFeedRequest } from './feed-query.ts';

/** `GET /api/v1/events`: the tenant's change feed, ascending, as a long poll when `wait` is given. */
export function registerEventsRoutes(app: FastifyInstance, roster: Roster): void {
  // On shutdown, waiting readers are answered at once (with what there is, often nothing)
  // instead of holding the grace period up; they poll again, elsewhere.
  const waiting = new Set<AbortController>();
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    for (const abort of waiting) abort.abort();
    done();
  });
  app.get('/events', async (request, reply) => {
    const { tenantId } = appWith(request, 'events:read');
    const { query, waitMs } = parseFeedRequest(request.query as Record<string, unknown>);
    // A client that goes away ends its wait at once: no timer or waiter is left behind.
    const abort = new AbortController();
    const onClose = (): void => abort.abort();
    reply.raw.once('close', onClose);
    waiting.add(abort);
    try {
      const page =
        waitMs > 0
          ? await roster.events.wait(tenantId, query, waitMs, abort.signal)
          : await roster.events.read(tenantId, query);
      reply.header('cache-control', 'no-store');
      // The connection would otherwise stay open, idle, until its keep-alive timeout.
      if (closing) reply.header('connection', 'close');
      return { data: page.events, nextCursor: encodeFeedCursor(page.next), hasMore: page.hasMore };
    } catch (error) {
      if (error instanceof FeedGoneError) {
        const snapshot = `${originOf(request)}/api/v1/snapshot`;
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
      waiting.delete(abort);
      reply.raw.off('close', onClose);
    }
  });
}
