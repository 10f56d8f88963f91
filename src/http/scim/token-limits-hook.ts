import type { FastifyInstance } from 'fastify';
import { ScimError } from '../../scim/error.ts';
import { principalOf } from './bearer-auth.ts';
import { noteScimLog } from './scim-log-note.ts';
import type { TokenLimiter } from './token-limiter.ts';

/**
 * Admits each authenticated SCIM request through the per-token limiter (after the bearer
 * hook, before the body is read: a request in line holds no body in memory). Beyond the
 * limits the answer is `429` with `Retry-After`, which Entra and Okta both honour, and the
 * provisioning log entry and metrics say why.
 *
 * The slot is given back when the response closes: after it is sent, or when the client
 * goes away, whichever comes first (a handler of an abandoned request may still run a little
 * while; a slot never leaks).
 */
export function installTokenLimits(app: FastifyInstance, limiter: TokenLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    // An application token's reads are limited like an IdP token's requests (ids never collide: UUIDs).
    const tokenId = request.app?.tokenId ?? principalOf(request).tokenId;
    const admission = limiter.admit(tokenId);
    if (admission.kind === 'refused') {
      noteScimLog(request, { throttled: admission.reason });
      void reply.header('retry-after', String(admission.retryAfterSeconds));
      const why =
        admission.reason === 'rate'
          ? `more than ${limiter.limits.ratePerSecond} requests a second`
          : `${limiter.inFlightLimit(tokenId)} requests at once and ${limiter.limits.maxQueued} waiting`;
      throw new ScimError(
        429,
        undefined,
        `Too many requests for this token (${why}); retry after ${admission.retryAfterSeconds} s`,
      );
    }
    reply.raw.once('close', admission.release);
    if (admission.kind === 'queued' && !(await admission.turn)) {
      // The client left while in line: nothing to answer.
      return reply.hijack();
    }
  });
}
