import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';
import { currentTxn, runInRequest } from '../shared/request-scope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The change feed's `txn`: this request's id, or the Bulk request's it runs inside. */
    txn?: string;
  }
}

/** ROSTER_TRUST_PROXY: `true`, `false`, a hop count, or addresses and ranges (`10.0.0.1,10.0.0.0/8`). */
export type TrustProxy = boolean | number | string;

/** Whether an address `hop` steps from Roster is a proxy to believe (Fastify's trustProxy function). */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The one reading of ROSTER_TRUST_PROXY, for Fastify's X-Forwarded-* handling and for
 * X-Request-Id alike: a hop count trusts the nearest n proxies.
 */
export function trustFunction(trust: TrustProxy): TrustFunction {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust.split(',').map((p) => p.trim()));
}

/**
 * An id a client may choose: bounded, and in a charset that is safe in logs, headers,
 * URLs and HTML (UUIDs, ULIDs, hex and base64 ids, `Root=1-…` trace ids fit).
 */
const CLIENT_ID = /^[A-Za-z0-9._:=+/-]{1,128}$/;

/**
 * Fastify's genReqId: the proxy's `X-Request-Id` when the request came through a trusted
 * proxy and the id is well formed, else a new UUID. A client that reaches Roster directly
 * cannot choose its id (it would let it forge or collide with other requests' trails).
 */
export function requestIdGenerator(trust: TrustFunction): (req: IncomingMessage) => string {
  return (req) => {
    const offered = req.headers['x-request-id'];
    const peer = req.socket.remoteAddress;
    if (typeof offered === 'string' && CLIENT_ID.test(offered) && peer !== undefined && trust(peer, 0)) return offered;
    return randomUUID();
  };
}

/**
 * Returns each request's id in `X-Request-Id`, and runs the request in its scope, so the
 * audit events it causes keep the id.
 */
export function installRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // A Bulk operation is injected from inside the Bulk request's scope.
    request.txn = currentTxn() ?? request.id;
    runInRequest(request.id, done, request.txn);
  });
  // The body is read in the socket's callbacks, which are outside the scope entered above.
  app.addHook('preHandler', (request, _reply, done) => runInRequest(request.id, done, request.txn));
}
