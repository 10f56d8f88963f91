import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppPrincipal } from '../../applications/app-token-view.ts';
import type { AppScope } from '../../applications/app-scopes.ts';
import type { Roster } from '../../roster.ts';
import { APP_TOKEN_PREFIX } from '../../tokens/token-secret.ts';
import { ApiError } from './api-error.ts';

/**
 * Every `/api/v1` request needs `Authorization: Bearer <application token>`; the token
 * decides the tenant. No token, an unknown or inactive one: 401. An IdP token (`rst_`)
 * is known but is not for this API: 403. A change that refuses a token applies to the very
 * next request (see tokens/recent-lookups.ts).
 */
export function installApiAuth(app: FastifyInstance, roster: Roster): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('www-authenticate', 'Bearer realm="Roster API"');
    const logFailure = (message: string, err: unknown): void => request.log.error({ err }, message);
    const query = request.query as Record<string, unknown> | undefined;
    if (query && Object.keys(query).some((k) => k.toLowerCase() === 'access_token')) {
      throw new ApiError(
        401,
        'unauthorized',
        'A token in the URL (access_token) is refused: send "Authorization: Bearer <token>", and renew the token, which is now in logs',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const secret = match?.[1];
    if (!secret) throw new ApiError(401, 'unauthorized', 'Missing bearer token: send "Authorization: Bearer <token>"');
    if (!secret.startsWith(APP_TOKEN_PREFIX)) {
      const idp = await roster.tokens.check(secret, logFailure, request.id);
      if (idp.outcome === 'unknown') throw new ApiError(401, 'unauthorized', 'The bearer token is not valid');
      reply.removeHeader('www-authenticate');
      throw new ApiError(
        403,
        'forbidden',
        "An identity provider's token cannot read this API: create an application token (roster apps create, or Admin › Applications)",
      );
    }
    const checked = await roster.applications.check(secret, logFailure);
    if (checked.outcome === 'unknown') throw new ApiError(401, 'unauthorized', 'The bearer token is not valid');
    if (checked.outcome === 'inactive') {
      throw new ApiError(401, 'unauthorized', 'The application token is inactive: an administrator deactivated it');
    }
    reply.removeHeader('www-authenticate');
    request.app = checked.principal;
  });
}

/**
 * The request's application, which must hold every one of `scopes`.
 *
 * @throws ApiError 403 naming the missing scope.
 */
export function appWith(request: FastifyRequest, ...scopes: AppScope[]): AppPrincipal {
  const app = request.app;
  if (!app) throw new ApiError(401, 'unauthorized', 'Authentication required');
  const missing = scopes.filter((s) => !app.scopes.includes(s));
  if (missing.length > 0) {
    throw new ApiError(
      403,
      'forbidden',
      `This application token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}`,
    );
  }
  return app;
}
