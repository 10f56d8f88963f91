import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  /** A write failed (EPIPE/ECONNRESET) before the response was read. */
  readonly writeError?: string;
}

export interface RawRequestOptions {
  /**
   * After the last chunk, end the client's side of the connection (TCP half-close), as raw
   * tools do: the server answers, then closes. Default true. With false the connection stays
   * open as an HTTP client's would, and the response is read until the server closes it
   * (send `Connection: close`, or let a shutting-down server close it).
   */
  readonly halfClose?: boolean;
}

/**
 * Sends bytes exactly as given over one TCP connection and reads the response, whatever
 * the server does to the connection meanwhile: for requests no HTTP client would send (a
 * chunked body that never stops, headers beyond every limit).
 *
 * @param chunks written one after another, each after the previous one drained, all of
 *   them whether or not a response came meanwhile, as HTTP clients write a body.
 */
export function rawRequest(
  origin: string,
  head: string,
  chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string> = [],
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let writeError: string | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response within 30 s; got ${received.length} bytes`));
    }, 30_000);
    socket.on('data', (d) => {
      received = Buffer.concat([received, d]);
    });
    socket.on('error', (e) => {
      writeError = (e as NodeJS.ErrnoException).code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = received.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const headers = split === -1 ? text : text.slice(0, split);
      let body = split === -1 ? '' : text.slice(split + 4);
      if (/transfer-encoding: chunked/i.test(headers)) body = unchunk(body);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, headers, body, ...(writeError ? { writeError } : {}) });
    });
    const send = async (): Promise<void> => {
      socket.write(head);
      for await (const chunk of chunks) {
        if (socket.destroyed) break;
        if (!socket.write(chunk)) {
          await new Promise<void>((r) => {
            const go = () => {
              socket.off('drain', go).off('close', go);
              r();
            };
            socket.on('drain', go).on('close', go);
          });
        }
      }
      // Half-close: the server answers and closes its side.
      if (!socket.destroyed && options.halfClose !== false) socket.end();
    };
    socket.on('connect', () => {
      send().catch((error: unknown) => {
        socket.destroy();
        reject(error instanceof Error ? error : new Error('could not send the request'));
      });
    });
  });
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const line = rest.indexOf('\r\n');
    if (line === -1) return out;
    const size = parseInt(rest.slice(0, line), 16);
    if (!size) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
