import type { FastifyReply } from 'fastify';
import { etagOf } from '../../provisioning/render.ts';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Sends a SCIM body with the SCIM media type. */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(SCIM_CONTENT_TYPE).send(body);
}

/** Sends one resource with its ETag (RFC 7644 section 3.14). */
export function sendResource(
  reply: FastifyReply,
  status: number,
  resource: Record<string, unknown>,
  version: number,
): FastifyReply {
  return sendScim(reply.header('etag', etagOf(version)), status, resource);
}
