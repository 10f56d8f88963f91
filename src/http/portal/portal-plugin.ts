import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../roster.ts';
import { registerAccountsRoutes } from './accounts/accounts-routes.ts';
import { registerApplicationsRoutes } from './applications/applications-routes.ts';
import { registerAuditRoutes } from './audit/audit-routes.ts';
import { registerAttributesRoutes } from './attributes/attributes-routes.ts';
import { registerAuthRoutes } from './auth/auth-routes.ts';
import { registerDirectoryRoutes } from './directory/directory-routes.ts';
import { acceptForms } from './form-body.ts';
import { installPortalErrorHandling } from './portal-errors.ts';
import { PortalError } from './portal-error.ts';
import { PORTAL_PATHS } from './portal-paths.ts';
import { registerProvisioningLogRoutes } from './provisioning-log/log-routes.ts';
import { registerProvisioningRoutes } from './provisioning/provisioning-routes.ts';
import { sessionGate } from './portal-session.ts';
import { registerStaticAssets } from './static-assets.ts';
import { registerWebhooksRoutes } from './webhooks/webhooks-routes.ts';

/** No inline script or style anywhere; nothing loads from elsewhere; no framing. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The admin portal under `/admin`: server-rendered pages over the same services as the
 * CLI and the SCIM API. Every route here gets the security headers, the session gate
 * (sign-in, CSRF) and HTML error pages.
 */
export async function portalPlugin(app: FastifyInstance, options: { roster: Roster }): Promise<void> {
  const { roster } = options;
  acceptForms(app);
  installPortalErrorHandling(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    // Pages may show secrets and personal data: never cached. Assets set their own.
    if (!(req.routeOptions.url ?? '').startsWith(PORTAL_PATHS.assets)) reply.header('cache-control', 'no-store');
  });
  app.addHook('preHandler', sessionGate(roster.sessions));
  registerStaticAssets(app);
  registerAuthRoutes(app, roster);
  registerProvisioningRoutes(app, roster);
  registerApplicationsRoutes(app, roster);
  registerAttributesRoutes(app, roster);
  registerDirectoryRoutes(app, roster);
  registerAuditRoutes(app, roster);
  registerProvisioningLogRoutes(app, roster);
  registerAccountsRoutes(app, roster);
  registerWebhooksRoutes(app, roster);
  app.get(PORTAL_PATHS.home, async (_req, reply) => reply.redirect(PORTAL_PATHS.provisioning, 303));
  app.all(`${PORTAL_PATHS.home}/*`, async () => {
    throw new PortalError(404, 'notFound');
  });
}
