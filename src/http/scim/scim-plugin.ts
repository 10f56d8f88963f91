import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Roster } from '../../roster.ts';
import { LIMITS } from '../../scim/discovery/limits.ts';
import { ScimError } from '../../scim/error.ts';
import { nestsDeeperThan } from '../../scim/resource/json-depth.ts';
import { installBearerAuth } from './bearer-auth.ts';
import { registerBulkRoutes } from './bulk-routes.ts';
import { registerDiscoveryRoutes } from './discovery-routes.ts';
import { registerGroupRoutes } from './group-routes.ts';
import { installProvisioningLog } from './provisioning-log-hook.ts';
import { installScimErrorHandling } from './scim-errors.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { DEFAULT_TOKEN_LIMITS, type TokenLimits } from '../../shared/token-limits.ts';
import { TokenLimiter } from './token-limiter.ts';
import { installTokenLimits } from './token-limits-hook.ts';
import { registerUserRoutes } from './user-routes.ts';

/**
 * The SCIM 2.0 API (RFC 7644), mounted at `/scim/v2`. Bodies are JSON, sent as
 * `application/scim+json`, `application/json`, a text type or no type; every error is a SCIM
 * error body.
 */
export async function scimPlugin(
  app: FastifyInstance,
  options: { roster: Roster; tokenLimits?: TokenLimits | undefined },
): Promise<void> {
  const { roster } = options;
  const parseJson = (
    request: FastifyRequest,
    body: Buffer,
    done: (err: Error | null, body?: unknown) => void,
  ): void => {
    // The matched route, not the raw URL: routes match /bulk in any case, and a query could name /Bulk.
    const limit = request.routeOptions.url?.endsWith('/Bulk') ? LIMITS.bulkMaxPayloadSize : LIMITS.maxPayloadSize;
    if (body.length > limit) {
      done(new ScimError(413, undefined, `The request body is larger than ${limit} bytes`), undefined);
      return;
    }
    const text = utf8(body);
    if (text === undefined) {
      done(new ScimError(400, 'invalidSyntax', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      done(
        new ScimError(400, 'invalidSyntax', `The request body is not valid JSON: ${(error as Error).message}`),
        undefined,
      );
      return;
    }
    if (nestsDeeperThan(parsed, LIMITS.maxBodyDepth)) {
      done(
        new ScimError(400, 'invalidSyntax', `The request body nests deeper than ${LIMITS.maxBodyDepth} levels`),
        undefined,
      );
      return;
    }
    done(null, parsed);
  };
  const parserOptions = { parseAs: 'buffer', bodyLimit: LIMITS.bulkMaxPayloadSize } as const;
  app.addContentTypeParser(['application/scim+json', 'application/json'], parserOptions, parseJson);
  // Read as JSON too: a body with no Content-Type (RFC 9110 8.3 lets the recipient examine
  // the data; Okta's published SPEC test POSTs users that way), any text type (`fetch` with a
  // string body and .NET's StringContent send text/plain;charset=UTF-8) and any other `+json`
  // type. SCIM requests authenticate with a bearer header, never a cookie, so a text body
  // opens no cross-site request forgery. Anything else (a form, XML) is refused with 415.
  // Fastify's own text/plain parser would hand the route a string.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', parserOptions, (request, body: Buffer, done) => {
    if (readsAsJson(request.headers['content-type'])) {
      parseJson(request, body, done);
      return;
    }
    done(new ScimError(415, undefined, 'Send the body as application/scim+json or application/json'), undefined);
  });
  installScimErrorHandling(app);
  installBearerAuth(app, roster.tokens, roster.applications);
  installTokenLimits(app, new TokenLimiter(options.tokenLimits ?? DEFAULT_TOKEN_LIMITS, roster.clock));
  installProvisioningLog(app, roster.provisioningLog, roster.clock);
  roster.provisioningLog.start((message, err) => app.log.error({ err }, message));
  app.addHook('onClose', () => roster.provisioningLog.stop());
  app.all('/Me', async () => {
    throw new ScimError(
      501,
      undefined,
      '/Me is not offered: Roster tokens authenticate an identity provider, not a user',
    );
  });
  registerDiscoveryRoutes(app, roster);
  registerUserRoutes(app, roster);
  registerGroupRoutes(app, roster);
  registerSearchRoutes(app, roster);
  registerBulkRoutes(app);
}

/** True for a Content-Type whose body Roster reads as JSON besides the two JSON types. */
function readsAsJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === '' || mediaType.startsWith('text/') || mediaType.endsWith('+json');
}

/**
 * The body as text, or undefined when it is not UTF-8: decoding it leniently would store
 * U+FFFD in place of what the client meant, without a word. A byte order mark is dropped.
 */
function utf8(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
