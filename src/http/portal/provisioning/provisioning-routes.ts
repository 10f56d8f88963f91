import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../../roster.ts';
import { queryOf } from '../form-body.ts';
import { portalOf } from '../portal-context.ts';
import { NO_FIELDS } from './generate-choice.ts';
import { registerGenerateRoute } from './generate-route.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';
import { isDoneNotice, provisioningMessages } from './provisioning-messages.ts';
import { replyHtml } from '../reply-html.ts';
import { showProvisioningPage } from './show-provisioning-page.ts';
import { registerTokenActionRoutes } from './token-action-routes.ts';

/**
 * The User Provisioning page (Admin › Identity › User Provisioning): GET the page (with
 * `?done=` naming the notice after a redirect), POST the Generate form, POST each token's
 * actions.
 *
 * @example registerProvisioningRoutes(app, roster) // inside the portal plugin
 */
export function registerProvisioningRoutes(app: FastifyInstance, roster: Roster): void {
  app.get(PROVISIONING_PATHS.page, async (req, reply) => {
    const ctx = portalOf(req);
    const done = queryOf(req).done;
    const notice = isDoneNotice(done)
      ? { kind: 'success' as const, text: provisioningMessages(ctx.locale)(`done_${done}`) }
      : undefined;
    return replyHtml(reply, 200, await showProvisioningPage(roster, req, ctx, { fields: NO_FIELDS, notice }));
  });
  registerGenerateRoute(app, roster);
  registerTokenActionRoutes(app, roster);
}
