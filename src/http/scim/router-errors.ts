import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/error.ts';
import { SCIM_CONTENT_TYPE, sendScim } from './scim-reply.ts';

/**
 * Fastify's router errors (raised before any route or hook runs) as SCIM errors: a
 * malformed percent-encoding in the path (`/Users/%ff`) is `400 invalidSyntax`, an id
 * longer than the router takes (100 characters, far above any id Roster gives) is `404`,
 * since no resource can have it. Fastify's `frameworkErrors` option. Outside `/scim/v2`
 * (the portal) the answer is plain text.
 */
export function routerErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (!/^\/+scim\/v2(\/|$)/i.test(request.raw.url ?? '')) {
    const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 404 : (error.statusCode ?? 400) < 500 ? (error.statusCode ?? 400) : 400;
    void reply.code(status).type('text/plain; charset=utf-8').send(STATUS_CODES[status] ?? 'Bad request');
    return;
  }
  let scim: ScimError;
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      scim = new ScimError(400, 'invalidSyntax', 'The URL holds a malformed percent-encoding (not UTF-8)');
      break;
    case 'FST_ERR_MAX_PARAM_LENGTH':
      scim = new ScimError(404, undefined, 'No resource has an id this long (over 100 characters)');
      break;
    default: {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
      scim = new ScimError(status, undefined, STATUS_CODES[status] ?? 'Bad request');
    }
  }
  void sendScim(reply, scim.status, scim.toBody());
}

/**
 * Errors of the HTTP parser (Fastify's `clientErrorHandler`): a request line and headers
 * beyond Node's 16 KiB (`431`), a request that took too long (`408`), or one that is no
 * HTTP at all (`400`). No route is known yet, so the answer is a SCIM error body whatever
 * the path; the connection is then closed, as Node does.
 */
export function clientErrors(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The URL and headers are larger than 16 KiB; send a long filter in a POST .search body']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive']
        : [400, 'The request is not valid HTTP'];
  const body = JSON.stringify(new ScimError(status, undefined, detail).toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${SCIM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
