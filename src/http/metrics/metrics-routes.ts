import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { RosterMetrics } from './roster-metrics.ts';

/**
 * Counts every request, and serves `GET /metrics` on the main port when a token is set:
 * the metrics name tenants and connections, so they are not for anyone who can reach the port.
 */
export function installMetrics(app: FastifyInstance, metrics: RosterMetrics, token: string | undefined): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request, reply);
    done();
  });
  if (token === undefined) return;
  const expected = digest(token);
  app.get('/metrics', async (request, reply) => {
    const offered = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (offered === undefined || !timingSafeEqual(digest(offered), expected)) {
      void reply.header('www-authenticate', 'Bearer realm="Roster metrics"');
      return reply.code(401).send({ statusCode: 401, message: 'Send "Authorization: Bearer <ROSTER_METRICS_TOKEN>"' });
    }
    return send(reply, metrics);
  });
}

/**
 * The server of ROSTER_METRICS_PORT: `GET /metrics` and nothing else (404), no token: the
 * port is meant to be reachable from the monitoring network only.
 */
export async function buildMetricsServer(metrics: RosterMetrics, logLevel: string): Promise<FastifyInstance> {
  const server = Fastify({ logger: { level: logLevel } });
  server.get('/metrics', async (_request, reply) => send(reply, metrics));
  return server;
}

async function send(reply: FastifyReply, metrics: RosterMetrics): Promise<string> {
  const { body, contentType } = await metrics.text();
  void reply.header('content-type', contentType).header('cache-control', 'no-store');
  return body;
}

/** Fixed-length digests, so comparing them takes the same time whatever was sent. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
