import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/error.ts';
import type { TokenPrincipal, TokensService } from '../../tokens/tokens-service.ts';
import { noteScimLog } from './scim-log-note.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: TokenPrincipal;
  }
}

/** The authenticated token of a SCIM request (set by the bearer hook). */
export function principalOf(request: FastifyRequest): TokenPrincipal {
  if (!request.principal) throw new ScimError(401, undefined, 'Authentication required');
  return request.principal;
}

/**
 * Every SCIM request needs `Authorization: Bearer <token>` naming an active, unexpired
 * token; the token decides the tenant. Failures are 401 with the SCIM error body. The
 * token is looked up on every request (no cache), so a deactivation, renewal or deletion
 * applies to the very next request on every instance.
 */
export function installBearerAuth(app: FastifyInstance, tokens: TokensService): void {
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    reply.header('www-authenticate', 'Bearer realm="Roster SCIM"');
    const logFailure = (message: string, err: unknown): void => request.log.error({ err }, message);
    // RFC 6750 section 2.3 lets a server take the token from the query; Roster does not:
    // a URL ends up in proxies' and servers' logs. Refused even beside a good header.
    if (hasQueryToken(request.query)) {
      // With a good header the refusal is the tenant's to see in its provisioning log.
      const header = match?.[1] ? await tokens.check(match[1], logFailure) : undefined;
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
    const result = await tokens.check(match[1], logFailure);
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
