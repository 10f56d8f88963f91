import Fastify, { type FastifyInstance } from 'fastify';
import type { Roster } from '../roster.ts';
import { apiPlugin } from './api/api-plugin.ts';
import { portalPlugin } from './portal/portal-plugin.ts';
import { clientErrors, routerErrors } from './scim/router-errors.ts';
import { scimPlugin } from './scim/scim-plugin.ts';
import type { TokenLimits } from '../shared/token-limits.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { answerHalfClosedRequests, closeConnectionsOnShutdown } from './connections.ts';
import { installMetrics } from './metrics/metrics-routes.ts';
import type { RosterMetrics } from './metrics/roster-metrics.ts';
import { installRequestIds, requestIdGenerator, trustFunction, type TrustProxy } from './request-id.ts';
import { redactForLog } from '../shared/redact-for-log.ts';

export interface AppOptions {
  readonly roster: Roster;
  readonly publicUrl?: string | undefined;
  /** pino level; `silent` in tests. */
  readonly logLevel?: string;
  /** ROSTER_TRUST_PROXY: client address and protocol from X-Forwarded-*, the request id from X-Request-Id. */
  readonly trustProxy?: TrustProxy;
  /** Counts requests into these metrics (and serves them on /metrics with `metricsToken`). */
  readonly metrics?: RosterMetrics | undefined;
  /** ROSTER_METRICS_TOKEN: serve `/metrics` on this app to this bearer token. */
  readonly metricsToken?: string | undefined;
  /** ROSTER_SCIM_*_PER_TOKEN: how much of this instance one SCIM token may use (default DEFAULT_TOKEN_LIMITS). */
  readonly tokenLimits?: TokenLimits | undefined;
}

/**
 * The HTTP application: the SCIM API under `/scim/v2`, the host application's feed under
 * `/api/v1`, the admin portal under `/admin`,
 * and the health checks (`/healthz`, `/readyz`). Logs never
 * carry request headers, so bearer tokens stay out of them.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const trust = trustFunction(options.trustProxy ?? false);
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      serializers: {
        // No headers are logged; a token a client misplaced into the URL is masked too, encoded or not.
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: redactForLog(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    // Route matching is case-sensitive for ids, but IdPs vary the case of /users and /groups.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    bodyLimit: 4 * 1024 * 1024,
    // On shutdown the listener closes, and requests already under way are answered, not
    // refused with 503 (/readyz says 503 for the load balancer, see health-routes.ts).
    return503OnClosing: false,
    // Router and HTTP parser errors answer with SCIM error bodies (the portal sees them too,
    // rarely: a malformed URL or oversized headers).
    frameworkErrors: routerErrors,
    clientErrorHandler: clientErrors,
    trustProxy: options.trustProxy ? trust : false,
    genReqId: requestIdGenerator(trust),
  });
  answerHalfClosedRequests(app.server);
  closeConnectionsOnShutdown(app);
  installRequestIds(app);
  app.decorate('publicUrl', options.publicUrl);
  // Outside the SCIM and portal handlers (which have their own): a dependency's message
  // can name a host or a user, so a 5xx says nothing but its status; the log has the rest.
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ statusCode: status, message: status >= 500 ? 'Internal error' : error.message });
  });
  if (options.metrics) installMetrics(app, options.metrics, options.metricsToken);
  registerHealthRoutes(app, options.roster, options.metrics);
  await app.register(scimPlugin, { prefix: '/scim/v2', roster: options.roster, tokenLimits: options.tokenLimits });
  await app.register(apiPlugin, { prefix: '/api/v1', roster: options.roster });
  await app.register(portalPlugin, { roster: options.roster });
  app.get('/', async (_req, reply) => reply.redirect('/admin', 302));
  return app;
}
