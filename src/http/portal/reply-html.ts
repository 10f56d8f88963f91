import type { FastifyReply } from 'fastify';

/**
 * Sends a rendered page. `noStore` keeps it out of every cache and the back-forward
 * history's disk copy: for pages that show a secret, and steps that must not be replayed.
 */
export function replyHtml(
  reply: FastifyReply,
  status: number,
  page: string,
  options: { noStore?: boolean } = {},
): FastifyReply {
  if (options.noStore) reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
