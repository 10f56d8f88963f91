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
    if (!match?.[1]) {
      throw new ScimError(401, undefined, 'Missing bearer token: send "Authorization: Bearer <token>"');
    }
    const result = await tokens.check(match[1], (message, err) => request.log.error({ err }, message));
    switch (result.outcome) {
      case 'accepted':
        reply.removeHeader('www-authenticate');
        request.principal = result.principal;
        return;
      case 'unknown':
        throw new ScimError(401, undefined, 'The bearer token is not valid');
      case 'inactive':
        noteScimLog(request, { refusedToken: result.principal });
        throw new ScimError(401, undefined, 'The bearer token is inactive: an administrator deactivated it');
      case 'expired':
        noteScimLog(request, { refusedToken: result.principal });
        throw new ScimError(401, undefined, `The bearer token expired at ${result.expiresAt}`);
    }
  });
}
