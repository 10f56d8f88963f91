import type { FastifyRequest } from 'fastify';
import type { RequestContext, WriteOptions } from '../../provisioning/request-context.ts';
import { baseUrlOf } from '../base-url.ts';
import { tenantOf } from './bearer-auth.ts';

/** The tenant and base URL a SCIM request works in. */
export function contextOf(request: FastifyRequest): RequestContext {
  const principal = request.principal;
  // An application token only reads: its requests name no IdP connection.
  if (!principal) return { tenantId: tenantOf(request), baseUrl: baseUrlOf(request) };
  return {
    tenantId: principal.tenantId,
    baseUrl: baseUrlOf(request),
    connectionId: principal.connectionId,
    idpKind: principal.idpKind,
    txn: request.txn,
  };
}

/** The write preconditions a request carries. */
export function writeOptionsOf(request: FastifyRequest): WriteOptions {
  const ifMatch = request.headers['if-match'];
  return ifMatch === undefined ? {} : { ifMatch: Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch };
}
