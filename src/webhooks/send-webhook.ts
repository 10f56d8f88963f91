import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { urlToHttpOptions } from 'node:url';
import { resolveTarget, TargetRefused, type CheckedAddress, type TargetPolicy } from './target-policy.ts';

/** How long one attempt may take, connection included. */
export const ATTEMPT_TIMEOUT_MS = 15_000;

/** What one POST came to. */
export interface SendResult {
  /** The receiver's status code; null when there was no answer. */
  readonly status: number | null;
  /** From `Retry-After` on a 429 or 503, in ms. */
  readonly retryAfterMs: number | null;
  /**
   * Why there was no answer (refused address, network error, timeout), or what a 400
   * said in the RFC 8935 §2.3 error body (`{"err","description"}`), e.g. `invalid_key: …`.
   */
  readonly error: string | null;
  readonly latencyMs: number;
}

/** One POST ready to send: its body in the endpoint's format, and its headers, signed. */
export interface WebhookMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface WebhookRequest extends WebhookMessage {
  readonly url: string;
}

// Keep-alive: consecutive deliveries to one receiver reuse a connection.
const AGENTS = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/** A resolver that answers with the addresses already checked, never asking DNS again. */
function pinned(addresses: readonly CheckedAddress[]): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const first = addresses[0];
    if (options.all)
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, first?.address, first?.family);
  }) as unknown as LookupFunction;
}

/** A receiver resolved and checked once, for the POSTs of a delivery run's page. */
export interface WebhookTarget {
  post(message: WebhookMessage): Promise<SendResult>;
}

/** A URL and every address its host resolved to, each checked against the policy: what a POST may connect to. */
export interface CheckedTarget {
  readonly url: string;
  readonly addresses: readonly CheckedAddress[];
}

/**
 * Resolves the URL's host and checks every address against the policy, once.
 * @returns the checked addresses, or why the target is refused as a failed attempt's result
 */
export async function checkTarget(text: string, policy: TargetPolicy): Promise<CheckedTarget | SendResult> {
  const started = performance.now();
  const url = new URL(text);
  try {
    return { url: text, addresses: await resolveTarget(url, policy) };
  } catch (error) {
    return {
      status: null,
      retryAfterMs: null,
      error: error instanceof TargetRefused ? error.detail : `could not resolve ${url.hostname}: ${String(error)}`,
      latencyMs: Math.round(performance.now() - started),
    };
  }
}

/**
 * POSTs to addresses already checked ({@link checkTarget}) without asking DNS again
 * (keep-alive: consecutive POSTs reuse a connection). Redirects are not followed (a 3xx is
 * a failed attempt), each attempt has {@link ATTEMPT_TIMEOUT_MS}, the answer's body is
 * read and dropped. The delivery's sender thread calls this with what the main thread checked.
 */
export function targetAt(checked: CheckedTarget, now: () => number): WebhookTarget {
  const url = new URL(checked.url);
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const options: RequestOptions = {
    ...urlToHttpOptions(url),
    method: 'POST',
    agent: secure ? AGENTS.https : AGENTS.http,
    lookup: pinned(checked.addresses),
  };
  return { post: (message) => post(send, options, message, now) };
}

/**
 * POSTs one webhook to a URL resolved and checked for it alone; a refused target is the
 * refusal, as a failed attempt.
 *
 * @example await sendWebhook({ url, headers, body }, policy, () => Date.now())
 */
export async function sendWebhook(
  request: WebhookRequest,
  policy: TargetPolicy,
  now: () => number,
): Promise<SendResult> {
  const checked = await checkTarget(request.url, policy);
  return 'addresses' in checked ? targetAt(checked, now).post(request) : checked;
}

function post(
  send: typeof httpRequest,
  options: RequestOptions,
  message: WebhookMessage,
  now: () => number,
): Promise<SendResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const req = send(
      { ...options, headers: { ...message.headers, 'content-length': String(Buffer.byteLength(message.body)) } },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const retryAfterMs = status === 429 || status === 503 ? retryAfterOf(res.headers['retry-after'], now()) : null;
        // Only a 400's body is read (its first bytes): a SET receiver says there why it refused.
        const head: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (status !== 400 || kept >= REFUSAL_BYTES) return;
          head.push(chunk);
          kept += chunk.length;
        });
        res.once('end', () =>
          finish({ status, retryAfterMs, error: status === 400 ? refusalOf(Buffer.concat(head)) : null }),
        );
        res.once('error', () => finish({ status, retryAfterMs, error: null }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, retryAfterMs: null, error: `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` });
    }, ATTEMPT_TIMEOUT_MS);
    req.once('error', (error) => finish({ status: null, retryAfterMs: null, error: error.message }));
    req.end(message.body);
  });
}

/** How much of a 400's body is read for its RFC 8935 error. */
const REFUSAL_BYTES = 4096;

/**
 * The RFC 8935 §2.3 error of a 400's body, as `err: description` (at most 300
 * characters, control characters dropped: it is the receiver's text, shown in the
 * delivery log); null when the body is not that JSON object.
 *
 * @example refusalOf(Buffer.from('{"err":"invalid_key","description":"unknown key"}')) // 'invalid_key: unknown key'
 */
export function refusalOf(body: Buffer): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.subarray(0, REFUSAL_BYTES).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { err, description } = parsed as { err?: unknown; description?: unknown };
  if (typeof err !== 'string' || err === '') return null;
  const text = typeof description === 'string' && description !== '' ? `${err}: ${description}` : err;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300);
}

/** The longest a `Retry-After` may postpone an attempt: a day, as the longest step of the schedule. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * `Retry-After` as a delay in ms: seconds, or an HTTP date; null when absent or unreadable.
 *
 * @example retryAfterOf('120', Date.now()) // 120000
 */
export function retryAfterOf(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
