/**
 * A closed-loop load driver over keep-alive HTTP/1.1: `concurrency` clients, each sending
 * its next request when the previous one is answered, for a fixed time. node:http with a
 * keep-alive agent costs the client less than fetch, so more of the machine is left to the
 * server under test (which runs in another process).
 */
import { Agent, request as httpRequest } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTP client with its own keep-alive connections to one origin. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    origin: string,
    private readonly headers: Readonly<Record<string, string>>,
    sockets = 64,
  ) {
    this.url = new URL(origin);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers: {
            ...this.headers,
            ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers of 500 or above, and requests that failed outright. */
  readonly errors: number;
  /** Answers from 400 to 499: a scenario's bug, reported, never hidden. */
  readonly clientErrors: number;
}

/**
 * Runs `send` from `concurrency` loops for `seconds`; `send(i)` gets a counter shared by
 * all loops and answers the HTTP status of what it sent (a scenario step may send several
 * requests and count as one operation).
 */
export async function drive(options: {
  readonly concurrency: number;
  readonly seconds: number;
  readonly send: (i: number) => Promise<number>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let clientErrors = 0;
  let next = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        const status = await options.send(next++);
        if (status >= 500) errors++;
        else if (status >= 400) clientErrors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    ...percentiles(latencies),
    errors,
    clientErrors,
  };
}

/** p50 and p99 of latencies in milliseconds. */
export function percentiles(ms: readonly number[]): { p50: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}
