import Fastify, { type FastifyInstance } from 'fastify';
import type { Roster } from '../roster.ts';
import { portalPlugin } from './portal/portal-plugin.ts';
import { clientErrors, routerErrors } from './scim/router-errors.ts';
import { scimPlugin } from './scim/scim-plugin.ts';
import { redactForLog } from '../shared/redact-for-log.ts';

export interface AppOptions {
  readonly roster: Roster;
  readonly publicUrl?: string | undefined;
  /** pino level; `silent` in tests. */
  readonly logLevel?: string;
  /** Fastify's trustProxy (ROSTER_TRUST_PROXY): client address and protocol from X-Forwarded-*. */
  readonly trustProxy?: boolean | number | string;
}

/**
 * The HTTP application: the SCIM API under `/scim/v2`, the admin portal under `/admin`,
 * and the health check. Logs never
 * carry request headers, so bearer tokens stay out of them.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
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
    // Router and HTTP parser errors answer with SCIM error bodies (the portal sees them too,
    // rarely: a malformed URL or oversized headers).
    frameworkErrors: routerErrors,
    clientErrorHandler: clientErrors,
    // A hop count becomes the function Fastify's types accept: trust the nearest n proxies.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  });
  app.decorate('publicUrl', options.publicUrl);
  // Outside both error handlers: the driver's message (it may name the host or user) goes
  // to the log only.
  app.get('/healthz', async (req, reply) => {
    try {
      await options.roster.ping();
    } catch (error) {
      req.log.error({ err: error }, 'health check: the database did not answer');
      return reply.code(503).send({ status: 'unavailable' });
    }
    return { status: 'ok' };
  });
  await app.register(scimPlugin, { prefix: '/scim/v2', roster: options.roster });
  await app.register(portalPlugin, { roster: options.roster });
  app.get('/', async (_req, reply) => reply.redirect('/admin', 302));
  return app;
}

const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;
