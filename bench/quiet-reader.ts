/**
 * The quiet token of the fairness benchmark, in a process of its own (started by
 * runFairness with `fork`): reads one user at a time, for as long as each message from its
 * parent asks, and answers with every latency. Out of the flood's process, so its latencies
 * are the server's doing, not the wait for the load driver's busy event loop.
 *
 * argv: origin, bearer token, the ids to read (comma-separated).
 * Message in: `{ seconds }`; message out: `{ ms, errors, clientErrors, throttled }`.
 */
import { HttpClient } from './load-driver.ts';

export interface QuietWindow {
  /** Each request's latency, in milliseconds. */
  readonly ms: number[];
  /** Answers of 500 or above, and requests that failed outright. */
  readonly errors: number;
  /** Answers from 400 to 499 other than 429. */
  readonly clientErrors: number;
  /** Answers 429: the quiet token must never get one. */
  readonly throttled: number;
}

const [origin, token, idList] = process.argv.slice(2);
if (!origin || !token || !idList || !process.send) throw new Error('quiet-reader: run by runFairness (fork)');
const ids = idList.split(',');
const client = new HttpClient(origin, { authorization: `Bearer ${token}` }, 1);
let next = 0;

async function readFor(seconds: number): Promise<QuietWindow> {
  const window: QuietWindow = { ms: [], errors: 0, clientErrors: 0, throttled: 0 };
  const counts = { errors: 0, clientErrors: 0, throttled: 0 };
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    try {
      const { status } = await client.send('GET', `/scim/v2/Users/${ids[next++ % ids.length]}`);
      if (status === 429) counts.throttled++;
      else if (status >= 500) counts.errors++;
      else if (status >= 400) counts.clientErrors++;
    } catch {
      counts.errors++;
    }
    window.ms.push(performance.now() - t);
  }
  return { ...window, ...counts };
}

process.on('message', (message: { seconds?: number }) => {
  if (typeof message.seconds !== 'number') {
    client.close();
    process.disconnect();
    return;
  }
  void readFor(message.seconds).then((window) => process.send!(window));
});
