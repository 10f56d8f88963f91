import type { FastifyRequest } from 'fastify';
import { portalOf, type PortalContext } from '../portal-context.ts';
import { PortalError } from '../portal-error.ts';

/**
 * The context of a request that manages accounts: anyone but an owner gets 403, whatever
 * the page showed them. Every Accounts POST calls this first.
 */
export function ownerOf(req: FastifyRequest): PortalContext {
  const ctx = portalOf(req);
  if (ctx.admin.role !== 'owner') throw new PortalError(403, 'ownerOnly');
  return ctx;
}
