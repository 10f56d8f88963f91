import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The configured public origin, when set (ROSTER_PUBLIC_URL). */
    publicUrl: string | undefined;
  }
}

/**
 * Where this instance's SCIM API is reached: the configured public origin, else the
 * request's own. The SCIM routes build `$ref`s and locations with it; the portal shows it.
 *
 * @example baseUrlOf(request) // 'https://scim.example.com/scim/v2'
 */
export function baseUrlOf(request: FastifyRequest): string {
  return `${originOf(request)}/scim/v2`;
}

/**
 * The origin clients reach this instance at: the configured public one, else the
 * request's own. The feed API (`/api/v1`) and the portal's Applications page build on it.
 *
 * @example originOf(request) // 'https://scim.example.com'
 */
export const originOf = (request: FastifyRequest): string =>
  request.server.publicUrl ?? `${request.protocol}://${request.host}`;
