import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The change feed's `txn`: this request's id, or the Bulk request's it runs inside. */
    txn: string;
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
 * The `txn` of the Bulk requests whose operations are being injected, by the one-time key
 * each injected operation carries in {@link INNER_TXN_HEADER}. A client cannot choose its
 * `txn`: a key it makes up names no Bulk.
 */
const innerTxns = new Map<string, string>();

/** The header that ties an injected Bulk operation to its Bulk request. */
const INNER_TXN_HEADER = 'x-roster-inner-txn';

/**
 * Runs `inject` (a Bulk operation dispatched as a request of its own) as part of `outer`'s
 * `txn`: `inject` must send the headers it is given.
 *
 * @example await asPartOf(request, (headers) => app.inject({ method, url, headers: { ...headers, authorization } }))
 */
export async function asPartOf<T>(
  outer: FastifyRequest,
  inject: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const key = randomUUID();
  innerTxns.set(key, outer.txn);
  try {
    return await inject({ [INNER_TXN_HEADER]: key });
  } finally {
    innerTxns.delete(key);
  }
}

/**
 * Returns each request's id in `X-Request-Id`, and gives each request its change-feed
 * `txn`: its own id, or its Bulk's. Whatever a request records (audit events, feed events)
 * takes them from the request, passed down explicitly: an AsyncLocalStorage scope would
 * turn on Node's promise hooks, which cost GET /Users/{id} a sixth of its throughput.
 */
export function installRequestIds(app: FastifyInstance): void {
  app.decorateRequest('txn', '');
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const key = request.headers[INNER_TXN_HEADER];
    request.txn = (typeof key === 'string' ? innerTxns.get(key) : undefined) ?? request.id;
    done();
  });
}
