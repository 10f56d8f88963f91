import type { FastifyInstance } from 'fastify';

/**
 * A client may half-close its connection once its request is sent (raw sockets, `nc`, some
 * proxies and test tools) and still expects the answer. Node's HTTP server ends its own side
 * as soon as the client's FIN arrives, so a request still being handled then is never
 * answered; and with its connection gone, a graceful shutdown finds nothing in flight and
 * closes the database under the handler. Only a handler done within the same turn of the
 * event loop (an SQLite write often is; a PostgreSQL query never) was answered. With
 * half-open connections allowed, Node answers the request under way, then closes.
 *
 * `httpAllowHalfOpen` is Node's own switch (lib/_http_server.js sets it false in the Server
 * constructor, whose sockets already allow half-open); it is missing from the typings.
 * test/crash/kill-under-writes.test.ts fails if a Node.js version drops it.
 */
export function answerHalfClosedRequests(server: FastifyInstance['server']): void {
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
}

/**
 * Once the app is closing, every response says `Connection: close`, and Node closes the
 * connection when it is sent. Fastify says so only to requests that arrive after the close
 * began; a request already under way was answered `keep-alive`, its idle connection then
 * held the shutdown open for the whole grace period, and the client sent its next request
 * to an instance going away.
 */
export function closeConnectionsOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });
}
