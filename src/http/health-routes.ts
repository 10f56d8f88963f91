import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Roster } from '../roster.ts';
import type { RosterMetrics } from './metrics/roster-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Turns `/readyz` to 503 for good: the first step of a graceful shutdown. */
    drain(): void;
  }
}

/**
 * Why `/readyz` refuses. Short, fixed codes: a dependency's own message can name a host or
 * a user, and never reaches a client (it goes to the server log).
 */
export type NotReadyReason =
  'shutting_down' | 'database_unavailable' | 'database_timeout' | 'migrations_pending' | 'log_writer_stuck';

/** The longest a readiness check waits for the database: a hung pool answers "not ready". */
const CHECK_TIMEOUT_MS = 5_000;

/**
 * `GET /healthz`: the process is alive (no database call: a slow database must not get
 * a live process restarted). `GET /readyz`: this instance should get traffic: the database
 * answers, every migration this version knows is applied, the provisioning log's writer
 * keeps up, and no shutdown has begun.
 */
export function registerHealthRoutes(app: FastifyInstance, roster: Roster, metrics?: RosterMetrics): void {
  let draining = false;
  app.decorate('drain', () => {
    draining = true;
  });
  app.get('/healthz', async (_req, reply) => {
    void reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', async (req, reply) => {
    void reply.header('cache-control', 'no-store');
    const answer = await readiness(req);
    metrics?.readiness(answer.status === 'ready');
    if (answer.status !== 'ready') void reply.code(503);
    return answer;
  });

  const readiness = async (
    req: FastifyRequest,
  ): Promise<{ status: 'ready' } | { status: 'unavailable'; reason: NotReadyReason }> => {
    if (draining) return notReady('shutting_down');
    const reason = await withTimeout(databaseProblem(roster), CHECK_TIMEOUT_MS).catch((error: unknown) => {
      req.log.warn({ err: error }, 'readiness: the database did not answer');
      return error instanceof CheckTimeout ? 'database_timeout' : 'database_unavailable';
    });
    if (reason) return notReady(reason);
    if (roster.provisioningLog.stuck()) return notReady('log_writer_stuck');
    return { status: 'ready' };
  };
}

async function databaseProblem(roster: Roster): Promise<NotReadyReason | null> {
  await roster.ping();
  return (await roster.pendingMigrations()).length > 0 ? 'migrations_pending' : null;
}

const notReady = (reason: NotReadyReason) => ({ status: 'unavailable' as const, reason });

class CheckTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
