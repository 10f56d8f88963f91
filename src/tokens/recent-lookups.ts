import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long an instance may answer with a token it looked up, without looking it up again.
 * Every change that refuses a token waits this long after its commit before it answers
 * (see {@link outwaitRecentLookups}), so that no instance still holds the token as it was.
 * It is a constant, not a setting: instances with different values would break that promise.
 */
export const RECENT_LOOKUP_MS = 250;

/** How many tokens an instance remembers; past it, the oldest are forgotten. */
const MAX_REMEMBERED = 10_000;

/**
 * Accepted tokens, by the hash of their secret, each good for {@link RECENT_LOOKUP_MS}
 * from the moment its lookup started: a lookup that started before a change's commit may
 * have read the token as it was, and it lapses before the change answers. Time is the
 * process's monotonic clock: it measures durations only, which agree across processes.
 *
 * @example
 * const started = performance.now();
 * const row = await lookup(hash);
 * if (accepted(row)) recent.remember(hash, principalOf(row), started);
 */
export class RecentLookups<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly lapsesAt: number }>();

  /** The value remembered for `key`, while it has not lapsed. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (performance.now() < entry.lapsesAt) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Remembers `value`, read by a lookup that started at `startedAt` (performance.now()). */
  remember(key: string, value: V, startedAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, lapsesAt: startedAt + RECENT_LOOKUP_MS });
    if (this.entries.size > MAX_REMEMBERED) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

/**
 * Resolves once every lookup that any instance started before now has lapsed. A change
 * that refuses a token (deactivation, renewal, deletion) awaits it after its commit and
 * before it answers: from then on, every instance refuses the token.
 *
 * @example await writeTransaction(store, deactivate); await outwaitRecentLookups();
 */
export async function outwaitRecentLookups(): Promise<void> {
  const until = performance.now() + RECENT_LOOKUP_MS;
  // Timers may fire a little early against the monotonic clock: wait out the remainder.
  for (let left = RECENT_LOOKUP_MS; left > 0; left = until - performance.now()) await sleep(Math.ceil(left));
}
