import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/error.ts';
import type { TokenPrincipal, TokensService } from '../../tokens/tokens-service.ts';

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
 * token; the token decides the tenant. Failures are 401 with the SCIM error body.
 */
export function installBearerAuth(app: FastifyInstance, tokens: TokensService): void {
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    reply.header('www-authenticate', 'Bearer realm="Roster SCIM"');
    if (!match?.[1]) {
      throw new ScimError(401, undefined, 'Missing bearer token: send "Authorization: Bearer <token>"');
    }
    const principal = await tokens.authenticate(match[1]);
    if (!principal) {
      throw new ScimError(401, undefined, 'The bearer token is not valid, or is inactive or expired');
    }
    reply.removeHeader('www-authenticate');
    request.principal = principal;
  });
}
