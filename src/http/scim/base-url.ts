import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The configured public origin, when set (ROSTER_PUBLIC_URL). */
    publicUrl: string | undefined;
  }
}

/** Where this SCIM API is reached: the configured public origin, else the request's own. */
export function baseUrlOf(request: FastifyRequest): string {
  const origin = request.server.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin}/scim/v2`;
}
