import type { FastifyError, FastifyInstance } from 'fastify';
import type { Roster } from '../../roster.ts';
import { installApiAuth } from './api-auth.ts';
import { ApiError } from './api-error.ts';
import { registerEventsRoutes } from './events-routes.ts';
import { registerSnapshotRoute } from './snapshot-route.ts';

/**
 * The host application's JSON API, mounted at `/api/v1` (docs/events.md): the change feed
 * and the directory snapshot, for application tokens. Not SCIM: every error is
 * `{"error": {"code", "message", "parameter"?}}`.
 */
export async function apiPlugin(app: FastifyInstance, options: { roster: Roster }): Promise<void> {
  const { roster } = options;
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known =
      error instanceof ApiError
        ? error
        : typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
          ? new ApiError(error.statusCode, 'invalid_parameter', error.message)
          : undefined;
    if (known) return reply.code(known.status).send(known.toBody());
    request.log.error({ err: error }, 'API request failed');
    return reply.code(500).send(new ApiError(500, 'internal_error', 'Internal error').toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(new ApiError(404, 'not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}`).toBody()),
  );
  installApiAuth(app, roster);
  registerEventsRoutes(app, roster);
  registerSnapshotRoute(app, roster);
}
