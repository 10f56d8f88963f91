/**
 * The fairness scenario of issue #14, shared by `npm run bench` and bench/fairness.ts: one
 * token floods, a token of another tenant reads one user at a time, alone and during the
 * flood, in alternating windows.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { drive, HttpClient, percentiles, type LoadResult } from './load-driver.ts';
import type { QuietWindow } from './quiet-reader.ts';
import { ingestUsers } from './scenarios.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** What one token's flood does to another tenant's token, and what the flood gets. */
export interface FairnessResult {
  /** The quiet token's single-client `GET /Users/{id}`, alone (every quiet window). */
  readonly quiet: LoadResult;
  /** The same, while the other token floods (every flooded window). */
  readonly flooded: LoadResult;
  /** The flood: `concurrency` clients of one token, mixed reads and writes, no pause. */
  readonly flood: LoadResult;
  /** The flood's answers 429 (also in `flood.clientErrors`). */
  readonly floodThrottled: number;
  /** The quiet token's answers 429: never expected. */
  readonly quietThrottled: number;
  /** The latencies behind `quiet` and `flooded`, to pool several runs. */
  readonly quietMs: readonly number[];
  readonly floodedMs: readonly number[];
}

/**
 * Runs `windows` rounds of: the quiet token alone for `seconds`, then the same while the
 * flooder's `concurrency` clients send with no pause (60 % GET by id, 20 % userName
 * filter, 20 % POST; a 429 is counted and the client goes straight on). The quiet token
 * reads from a process of its own (bench/quiet-reader.ts), so the flood's driver does not
 * delay its answers; both tokens should belong to different tenants.
 *
 * @example const r = await runFairness(origin, floodToken, otherTenantToken, { concurrency: 32, seconds: 5, windows: 2 })
 */
export async function runFairness(
  origin: string,
  flooder: string,
  quietToken: string,
  settings: { readonly concurrency: number; readonly seconds: number; readonly windows?: number },
): Promise<FairnessResult> {
  const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });
  const loud = new HttpClient(origin, headers(flooder));
  const seeding = new HttpClient(origin, headers(quietToken));
  const run = Math.random().toString(36).slice(2, 8);
  try {
    const own = await ingestUsers(seeding, `quiet.${run}`, 200, 4);
    const { ids } = await ingestUsers(loud, run, 2000, 8);
    const reader = fork(
      fileURLToPath(new URL('./quiet-reader.ts', import.meta.url)),
      [origin, quietToken, own.ids.join(',')],
      {
        execArgv: ['--import', 'tsx'],
      },
    );
    let failed: Error | undefined;
    reader.once('exit', (code) => (failed = new Error(`the quiet reader exited (${code})`)));
    const readFor = (seconds: number) =>
      new Promise<QuietWindow>((resolve, reject) => {
        if (failed) return reject(failed);
        reader.once('message', (m) => resolve(m as QuietWindow));
        reader.send({ seconds });
      });
    const quiet: QuietWindow[] = [];
    const flooded: QuietWindow[] = [];
    const floods: LoadResult[] = [];
    let floodThrottled = 0;
    try {
      for (let w = 0; w < (settings.windows ?? 1); w++) {
        quiet.push(await readFor(settings.seconds));
        const flood = drive({
          concurrency: settings.concurrency,
          seconds: settings.seconds + 1,
          send: async (i) => {
            const roll = (i * 37) % 100;
            let status: number;
            if (roll < 60) status = (await loud.send('GET', `/scim/v2/Users/${ids[(i * 7919) % ids.length]}`)).status;
            else if (roll < 80) {
              const name = `user${(i * 7919) % ids.length}.${run}@example.com`;
              const filter = encodeURIComponent(`userName eq "${name}"`);
              status = (await loud.send('GET', `/scim/v2/Users?filter=${filter}`)).status;
            } else {
              const body = { schemas: [USER], userName: `flood${w}.${i}.${run}@example.com` };
              status = (await loud.send('POST', '/scim/v2/Users', body)).status;
            }
            // A flood ignores Retry-After: the client goes straight on.
            if (status === 429) floodThrottled++;
            return status;
          },
        });
        // Measured inside the flood: it is under way before and after.
        await new Promise((r) => setTimeout(r, 500));
        flooded.push(await readFor(settings.seconds));
        floods.push(await flood);
      }
    } finally {
      reader.send({});
    }
    const pooled = (windows: QuietWindow[]): LoadResult => {
      const ms = windows.flatMap((w) => w.ms);
      const sum = (f: (w: QuietWindow) => number) => windows.reduce((n, w) => n + f(w), 0);
      return {
        requests: ms.length,
        perSecond: ms.length / (windows.length * settings.seconds),
        ...percentiles(ms),
        errors: sum((w) => w.errors),
        clientErrors: sum((w) => w.clientErrors + w.throttled),
      };
    };
    const floodMs = floods.reduce((n, f) => n + f.requests / f.perSecond, 0);
    return {
      quiet: pooled(quiet),
      flooded: pooled(flooded),
      flood: {
        requests: floods.reduce((n, f) => n + f.requests, 0),
        perSecond: floods.reduce((n, f) => n + f.requests, 0) / floodMs,
        // The flood's own latencies are not pooled: its median window's are reported.
        p50: median(floods.map((f) => f.p50)),
        p99: median(floods.map((f) => f.p99)),
        errors: floods.reduce((n, f) => n + f.errors, 0),
        clientErrors: floods.reduce((n, f) => n + f.clientErrors, 0),
      },
      floodThrottled,
      quietThrottled: [...quiet, ...flooded].reduce((n, w) => n + w.throttled, 0),
      quietMs: quiet.flatMap((w) => w.ms),
      floodedMs: flooded.flatMap((w) => w.ms),
    };
  } finally {
    loud.close();
    seeding.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
