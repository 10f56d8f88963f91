import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ProvisioningLog } from '../../provisioning-log/provisioning-log.ts';
import type { Clock } from '../../shared/clock.ts';
import { noteScimLog } from './scim-log-note.ts';

/** Error bodies larger than this are not read for their detail (they never are in practice). */
const MAX_ERROR_BODY = 65_536;

/**
 * Writes one provisioning log entry per SCIM request whose token is known, accepted or
 * refused (a request with no token or an unknown one belongs to no tenant). The entry
 * is queued in memory and written in batches: the request never waits for it. Bodies
 * and headers are never kept. An entry's time is the request's start on `clock`.
 */
export function installProvisioningLog(app: FastifyInstance, log: ProvisioningLog, clock: Clock): void {
  // The error's scimType and detail as the client gets them, whichever handler made the body.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string' && payload.length <= MAX_ERROR_BODY) {
      try {
        const body = JSON.parse(payload) as { scimType?: unknown; detail?: unknown };
        noteScimLog(request, {
          ...(typeof body.scimType === 'string' ? { scimType: body.scimType } : {}),
          ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
        });
      } catch {
        // Not JSON: nothing to note.
      }
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const note = request.scimLog;
    const who = request.principal ?? note?.refusedToken;
    if (who) {
      const resourceType = resourceTypeOf(request);
      log.record({
        at: new Date(clock.now().getTime() - reply.elapsedTime).toISOString(),
        tenantId: who.tenantId,
        connectionId: who.connectionId,
        tokenId: who.tokenId,
        idpKind: who.idpKind,
        method: request.method,
        path: request.url,
        status: reply.statusCode,
        scimType: note?.scimType ?? null,
        durationMs: reply.elapsedTime,
        resourceType,
        resourceId: note?.resourceId ?? (resourceType ? idParam(request) : null),
        userName: note?.userName ?? null,
        displayName: note?.displayName ?? null,
        detail: note?.detail ?? null,
        ignored: note?.ignored ?? [],
        requestId: request.id,
      });
    }
    done();
  });
}

function resourceTypeOf(request: FastifyRequest): 'User' | 'Group' | null {
  const route = request.routeOptions.url ?? '';
  if (/\/Users(\/|$)/i.test(route)) return 'User';
  if (/\/Groups(\/|$)/i.test(route)) return 'Group';
  return null;
}

function idParam(request: FastifyRequest): string | null {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '.search' ? id : null;
}
