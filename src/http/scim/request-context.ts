import type { FastifyRequest } from 'fastify';
import type { RequestContext, WriteOptions } from '../../provisioning/request-context.ts';
import { baseUrlOf } from '../base-url.ts';
import { tenantOf } from './bearer-auth.ts';

/** The tenant and base URL a SCIM request works in. */
export const contextOf = (request: FastifyRequest): RequestContext => ({
  tenantId: tenantOf(request),
  baseUrl: baseUrlOf(request),
});

/** The write preconditions a request carries. */
export function writeOptionsOf(request: FastifyRequest): WriteOptions {
  const ifMatch = request.headers['if-match'];
  return ifMatch === undefined ? {} : { ifMatch: Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch };
}
