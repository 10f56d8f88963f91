import type { FastifyRequest } from 'fastify';
import { canWrite, type AdminRole } from '../../admins/admin-role.ts';
import type { Actor } from '../../audit/actor.ts';
import type { Locale } from './i18n.ts';
import { PortalError } from './portal-error.ts';

/** The signed-in administrator of a portal request. */
export interface PortalAdmin {
  readonly id: string;
  readonly email: string;
  readonly role: AdminRole;
  readonly tenantId: string;
  readonly tenantSlug: string;
}

/** What every signed-in portal page knows about its request. */
export interface PortalContext {
  readonly locale: Locale;
  readonly admin: PortalAdmin;
  /** The value every form posts back as `_csrf`. */
  readonly csrfToken: string;
  /** The request's path and query, for the language switcher's way back. */
  readonly url: string;
  /** The request's id (X-Request-Id): the audit events it causes keep it. */
  readonly requestId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for signed-in portal requests by the portal's session hook. */
    portal?: PortalContext;
  }
}

/** The portal context of a signed-in request; the session hook guarantees it on pages. */
export function portalOf(req: FastifyRequest): PortalContext {
  if (!req.portal) throw new PortalError(401, 'signedOut');
  return req.portal;
}

/**
 * The context of a request that changes something: a viewer gets 403, whatever the page
 * showed them. Every POST handler that writes calls this first.
 */
export function writerOf(req: FastifyRequest): PortalContext {
  const ctx = portalOf(req);
  if (!canWrite(ctx.admin.role)) throw new PortalError(403, 'readOnly');
  return ctx;
}

/** The signed-in administrator as the actor of what this request changes. */
export const actorOf = (ctx: PortalContext): Actor => ({
  kind: 'admin',
  email: ctx.admin.email,
  requestId: ctx.requestId,
});
