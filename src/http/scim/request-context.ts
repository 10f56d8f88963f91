import type { FastifyRequest } from 'fastify';
import type { RequestContext, WriteOptions } from '../../provisioning/request-context.ts';
import { baseUrlOf } from '../base-url.ts';
import { tenantOf } from './bearer-auth.ts';

/** The tenant and base URL a SCIM request works in. */
export function contextOf(request: FastifyRequest): RequestContext {
  return {
    tenantId: tenantOf(request),
    baseUrl: baseUrlOf(request),
    connectionId: request.principal?.connectionId,
    idpKind: request.principal?.idpKind,
  };
}

/** The write preconditions a request carries. */
export function writeOptionsOf(request: FastifyRequest): WriteOptions {
  const ifMatch = request.headers['if-match'];
  return ifMatch === undefined ? {} : { ifMatch: Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch };
}
