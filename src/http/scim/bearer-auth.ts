import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppPrincipal } from '../../applications/app-token-view.ts';
import type { ApplicationsService } from '../../applications/applications-service.ts';
import { ScimError } from '../../scim/error.ts';
import { APP_TOKEN_PREFIX } from '../../tokens/token-secret.ts';
import type { TokenPrincipal, TokensService } from '../../tokens/tokens-service.ts';
import { noteScimLog } from './scim-log-note.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The IdP token of a SCIM request. */
    principal?: TokenPrincipal;
    /** The application token of a read-only SCIM request (`directory:read`) or a feed request. */
    app?: AppPrincipal;
  }
}

/** The authenticated token of a SCIM request (set by the bearer hook). */
export function principalOf(request: FastifyRequest): TokenPrincipal {
  if (!request.principal) throw new ScimError(401, undefined, 'Authentication required');
  return request.principal;
}

/** The tenant of an authenticated SCIM request, whichever kind of token it came with. */
export function tenantOf(request: FastifyRequest): string {
  const tenantId = request.principal?.tenantId ?? request.app?.tenantId;
  if (tenantId === undefined) throw new ScimError(401, undefined, 'Authentication required');
  return tenantId;
}

/**
 * Whether a request with an application token only reads: GET (and HEAD), or a POST to a
 * `.search` endpoint. Decided by the matched route, before the body is read.
 */
function onlyReads(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  return request.method === 'POST' && (request.routeOptions.url ?? '').endsWith('/.search');
}

/**
 * Every SCIM request needs `Authorization: Bearer <token>` naming an active, unexpired
 * token; the token decides the tenant. Failures are 401 with the SCIM error body. The
 * token is remembered briefly between lookups, and a deactivation, renewal or deletion answers
 * only once no instance remembers it (tokens/recent-lookups.ts): it applies to the very next
 * request on every instance.
 */
export function installBearerAuth(
  app: FastifyInstance,
  tokens: TokensService,
  applications: ApplicationsService,
): void {
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    reply.header('www-authenticate', 'Bearer realm="Roster SCIM"');
    const logFailure = (message: string, err: unknown): void => request.log.error({ err }, message);
    // RFC 6750 section 2.3 lets a server take the token from the query; Roster does not:
    // a URL ends up in proxies' and servers' logs. Refused even beside a good header.
    if (hasQueryToken(request.query)) {
      // With a good header the refusal is the tenant's to see in its provisioning log.
      const header = match?.[1] ? await tokens.check(match[1], logFailure, request.id) : undefined;
      if (header?.outcome === 'accepted') noteScimLog(request, { refusedToken: header.principal });
      reply.header('www-authenticate', 'Bearer realm="Roster SCIM", error="invalid_request"');
      throw new ScimError(
        401,
        undefined,
        'A token in the URL (access_token) is refused: send "Authorization: Bearer <token>", and renew the token, which is now in logs',
      );
    }
    if (!match?.[1]) {
      noteScimLog(request, { authFailure: 'missing' });
      throw new ScimError(401, undefined, 'Missing bearer token: send "Authorization: Bearer <token>"');
    }
    // Application tokens read (directory:read) and never write; they are not IdP traffic,
    // so they have no provisioning log entry (see docs/events.md).
    if (match[1].startsWith(APP_TOKEN_PREFIX)) {
      const checked = await applications.check(match[1], logFailure);
      if (checked.outcome === 'unknown') throw new ScimError(401, undefined, 'The bearer token is not valid');
      if (checked.outcome === 'inactive') {
        throw new ScimError(401, undefined, 'The application token is inactive: an administrator deactivated it');
      }
      reply.removeHeader('www-authenticate');
      if (!checked.principal.scopes.includes('directory:read')) {
        throw new ScimError(
          403,
          undefined,
          'This application token has no directory:read scope: it cannot read Users or Groups',
        );
      }
      if (!onlyReads(request)) {
        throw new ScimError(
          403,
          undefined,
          `Application tokens only read: ${request.method} is refused and nothing was changed (writes come from identity providers' tokens)`,
        );
      }
      request.app = checked.principal;
      return;
    }
    const result = await tokens.check(match[1], logFailure, request.id);
    switch (result.outcome) {
      case 'accepted':
        reply.removeHeader('www-authenticate');
        request.principal = result.principal;
        return;
      case 'unknown':
        noteScimLog(request, { authFailure: 'unknown' });
        throw new ScimError(401, undefined, 'The bearer token is not valid');
      case 'inactive':
        noteScimLog(request, { refusedToken: result.principal, authFailure: 'inactive' });
        throw new ScimError(401, undefined, 'The bearer token is inactive: an administrator deactivated it');
      case 'expired':
        noteScimLog(request, { refusedToken: result.principal, authFailure: 'expired' });
        throw new ScimError(401, undefined, `The bearer token expired at ${result.expiresAt}`);
    }
  });
}

function hasQueryToken(query: unknown): boolean {
  return (
    typeof query === 'object' && query !== null && Object.keys(query).some((k) => k.toLowerCase() === 'access_token')
  );
}
