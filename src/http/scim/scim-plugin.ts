import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../roster.ts';
import { LIMITS } from '../../scim/discovery/limits.ts';
import { ScimError } from '../../scim/error.ts';
import { installBearerAuth } from './bearer-auth.ts';
import { registerBulkRoutes } from './bulk-routes.ts';
import { registerDiscoveryRoutes } from './discovery-routes.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { installScimErrorHandling } from './scim-errors.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { registerUserRoutes } from './user-routes.ts';

/**
 * The SCIM 2.0 API (RFC 7644), mounted at `/scim/v2`. Bodies are JSON, sent as
 * `application/scim+json` or `application/json`; every error is a SCIM error body.
 */
export async function scimPlugin(app: FastifyInstance, options: { roster: Roster }): Promise<void> {
  const { roster } = options;
  app.addContentTypeParser(
    ['application/scim+json', 'application/json'],
    { parseAs: 'string', bodyLimit: LIMITS.bulkMaxPayloadSize },
    (request, body, done) => {
      const text = String(body);
      const limit = request.url.includes('/Bulk') ? LIMITS.bulkMaxPayloadSize : LIMITS.maxPayloadSize;
      if (Buffer.byteLength(text) > limit) {
        done(new ScimError(413, undefined, `The request body is larger than ${limit} bytes`), undefined);
        return;
      }
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(new ScimError(400, 'invalidSyntax', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
      }
    },
  );
  installScimErrorHandling(app);
  installBearerAuth(app, roster.tokens);
  app.all('/Me', async () => {
    throw new ScimError(501, undefined, '/Me is not offered: Roster tokens authenticate an identity provider, not a user');
  });
  registerDiscoveryRoutes(app, roster);
  registerUserRoutes(app, roster);
  registerGroupRoutes(app, roster);
  registerSearchRoutes(app, roster);
  registerBulkRoutes(app);
}
