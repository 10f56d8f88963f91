import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionsService } from '../../admins/sessions-service.ts';
import { cookiesOf } from './cookies.ts';
import { formOf } from './form-body.ts';
import { LOCALE_COOKIE, pickLocale } from './i18n.ts';
import { PortalError } from './portal-error.ts';
import { PORTAL_PATHS } from './portal-paths.ts';

/** The session cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS). */
export const SESSION_COOKIE = 'roster_session';
/** Before sign-in, forms are protected by a double-submit cookie (HttpOnly, SameSite=Strict). */
export const PRE_SESSION_CSRF_COOKIE = 'roster_csrf';

/** Pages anyone may open: signing in, first-run setup, the language switch, assets. */
const PUBLIC = new Set<string>([PORTAL_PATHS.signIn, PORTAL_PATHS.setup, PORTAL_PATHS.language]);

const sameText = (a: string | undefined, b: string | undefined): boolean => {
  if (a === undefined || b === undefined || a === '' || b === '') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The portal's gate, run before every portal handler: resolves the session into
 * `req.portal`, sends signed-out visitors to sign-in, and refuses any POST whose `_csrf`
 * field does not match (the session's token, or the pre-session cookie on public forms).
 */
export function sessionGate(sessions: SessionsService) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const route = req.routeOptions.url ?? '';
    if (route.startsWith(PORTAL_PATHS.assets)) return;
    const cookies = cookiesOf(req);
    const secret = cookies[SESSION_COOKIE];
    const admin = secret ? await sessions.resolve(secret) : undefined;
    if (admin) {
      req.portal = {
        locale: pickLocale(req.headers['accept-language'], cookies[LOCALE_COOKIE]),
        admin: {
          id: admin.id,
          email: admin.email,
          role: admin.role,
          tenantId: admin.tenantId,
          tenantSlug: admin.tenantSlug,
        },
        csrfToken: admin.csrfToken,
        // A page answering a POST cannot be fetched again: switching language from it goes home.
        url: req.method === 'GET' ? req.url : PORTAL_PATHS.home,
        requestId: req.id,
      };
    }
    const posting = req.method !== 'GET' && req.method !== 'HEAD';
    if (PUBLIC.has(route)) {
      if (posting && !sameText(formOf(req)._csrf, cookies[PRE_SESSION_CSRF_COOKIE])) throw new PortalError(403, 'csrf');
      return;
    }
    if (!req.portal) {
      if (!posting) {
        await reply.redirect(`${PORTAL_PATHS.signIn}?next=${encodeURIComponent(req.url)}`, 303);
        return;
      }
      throw new PortalError(401, 'signedOut');
    }
    if (posting && !sameText(formOf(req)._csrf, req.portal.csrfToken)) throw new PortalError(403, 'csrf');
  };
}
