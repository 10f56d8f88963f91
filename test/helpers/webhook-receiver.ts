import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got: its headers and its raw body. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What to answer a request with: a status, headers, and a body (`ok` by default). */
export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** The answer to a request, or a promise of it (a receiver that holds a request until the test lets it go). */
export type Responder = (request: Received, index: number) => Answer | Promise<Answer>;

/** A webhook receiver on 127.0.0.1: records every request and answers what `respond` says (200 by default). */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  respond: Responder;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks'): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    respond: () => ({ status: 200 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { headers: req.headers, body };
      received.push(request);
      void Promise.resolve(receiver.respond(request, received.length - 1)).then((answer) =>
        res.writeHead(answer.status, answer.headers).end(answer.body ?? 'ok'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  (receiver as { url: string }).url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}

/**
 * Verifies a request as the Standard Webhooks specification tells a receiver to, written
 * from the specification (not from Roster's signer): the key is the secret's base64 after
 * `whsec_`; the signed content is `id.timestamp.body`; any `v1,` entry may match.
 */
export function verifyStandardWebhook(
  secret: string,
  request: Received,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatures = request.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  if (!secret.startsWith('whsec_')) return false;
  const key = Buffer.from(secret.substring('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
