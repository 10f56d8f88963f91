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
  const origin = request.server.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin}/scim/v2`;
}
