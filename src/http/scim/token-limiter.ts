import type { Clock } from '../../shared/clock.ts';
import { SHARING_WINDOW_MS, type TokenLimits } from '../../shared/token-limits.ts';

/** A bucket holds this many seconds of the rate: a burst a token may send at once. */
export const BURST_SECONDS = 2;

/** Why a request was refused. */
export type ThrottleReason = 'concurrency' | 'rate';

/** What became of a request at the door: let in now, in line, or refused. */
export type Admission =
  | { readonly kind: 'admitted'; readonly release: () => void }
  | {
      readonly kind: 'queued';
      /** Resolves when the request's turn comes (true), or false when it left the line first. */
      readonly turn: Promise<boolean>;
      /** Frees the slot once admitted, or leaves the line while waiting: call it exactly when the request is over. */
      readonly release: () => void;
    }
  | { readonly kind: 'refused'; readonly reason: ThrottleReason; readonly retryAfterSeconds: number };

interface Waiter {
  readonly admit: () => void;
  readonly leave: () => void;
}

interface TokenState {
  readonly key: string;
  /** Requests worked on. */
  inFlight: number;
  /** Requests started in turn `turn` of the event loop. */
  started: number;
  turn: number;
  readonly queue: Waiter[];
}

/** A token and when it last started a request (ms since the epoch). */
interface Started {
  readonly key: string;
  readonly at: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many buckets, full ones (tokens idle long enough) are dropped. */
const BUCKETS_SWEPT_ABOVE = 1024;

/**
 * Per-token admission for the SCIM API: a concurrency limit with a bounded line behind it,
 * and an optional token-bucket rate. One token's flood waits in its own line and is refused
 * (429) beyond it; other tokens' requests never wait behind it. A token also starts at most
 * `maxInFlight` requests a turn of the event loop, the rest waiting for the next turn: on
 * SQLite a read runs to its end without yielding, so the in-flight count of a flood of reads
 * stays near one, and without this one turn would serve all of it while another token's
 * request waits to be read. Lines are served in turns, one request per token per pass. While
 * another token has started a request within {@link SHARING_WINDOW_MS}, a token's limit is
 * `sharedInFlight` instead of `maxInFlight`: an IdP's sync alone runs at the full limit, and a
 * flood leaves more of the machine to the others (see DEFAULT_TOKEN_LIMITS). State
 * is this instance's only (with several instances each counts its own) and is dropped when a
 * token is idle.
 *
 * @example
 * const limiter = new TokenLimiter(DEFAULT_TOKEN_LIMITS, systemClock);
 * const a = limiter.admit(tokenId);
 * if (a.kind === 'refused') reply 429 with `Retry-After: ${a.retryAfterSeconds}`;
 */
export class TokenLimiter {
  private readonly tokens = new Map<string, TokenState>();
  private readonly buckets = new Map<string, Bucket>();
  /** Tokens with a line, in the order their lines formed. */
  private readonly waiting: TokenState[] = [];
  /** Tokens that started requests in this turn: kept until it ends, even when idle. */
  private readonly active = new Set<TokenState>();
  private turn = 0;
  private tickScheduled = false;
  /** The two tokens that started requests most recently: whether a token shares is read from them. */
  private latest: Started | undefined;
  private latestOther: Started | undefined;

  constructor(
    readonly limits: TokenLimits,
    private readonly clock: Clock,
  ) {}

  /** Lets a request of `key` in, puts it in line, or refuses it. */
  admit(key: string): Admission {
    const waitMs = this.takeFromBucket(key);
    if (waitMs > 0)
      return { kind: 'refused', reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    let state = this.tokens.get(key);
    if (!state) {
      state = { key, inFlight: 0, started: 0, turn: -1, queue: [] };
      this.tokens.set(key, state);
    }
    const held = state;
    // Never ahead of the token's own line.
    if (held.queue.length === 0 && this.canStart(held)) {
      this.start(held);
      return { kind: 'admitted', release: once(() => this.free(held)) };
    }
    if (held.queue.length >= this.limits.maxQueued) {
      // The line moves at the speed of the token's own requests; a second is a fair first wait.
      return { kind: 'refused', reason: 'concurrency', retryAfterSeconds: 1 };
    }
    let admitted = false;
    let settle: (turn: boolean) => void = () => undefined;
    const turn = new Promise<boolean>((resolve) => (settle = resolve));
    const waiter: Waiter = {
      admit: () => {
        admitted = true;
        settle(true);
      },
      leave: () => settle(false),
    };
    held.queue.push(waiter);
    if (held.queue.length === 1) this.waiting.push(held);
    this.scheduleTick();
    const release = once(() => {
      if (admitted) {
        this.free(held);
        return;
      }
      const at = held.queue.indexOf(waiter);
      if (at !== -1) held.queue.splice(at, 1);
      waiter.leave();
      this.dropIfIdle(held);
    });
    return { kind: 'queued', turn, release };
  }

  /** Requests of `key` being worked on and waiting (for metrics and tests). */
  load(key: string): { inFlight: number; queued: number } {
    const state = this.tokens.get(key);
    return { inFlight: state?.inFlight ?? 0, queued: state?.queue.length ?? 0 };
  }

  /** Requests of `key` worked on at once now: `maxInFlight`, or `sharedInFlight` while another token is at work. */
  inFlightLimit(key: string): number {
    return this.sharing(key) ? Math.min(this.limits.sharedInFlight, this.limits.maxInFlight) : this.limits.maxInFlight;
  }

  private canStart(state: TokenState): boolean {
    const max = this.inFlightLimit(state.key);
    return state.inFlight < max && (state.turn === this.turn ? state.started : 0) < max;
  }

  /** Whether a token other than `key` started a request within the sharing window. */
  private sharing(key: string): boolean {
    if (this.limits.sharedInFlight >= this.limits.maxInFlight) return false;
    // The most recent other token is `latest`, or else `latestOther`.
    const other = this.latest?.key !== key ? this.latest : this.latestOther;
    return other !== undefined && this.clock.now().getTime() - other.at < SHARING_WINDOW_MS;
  }

  private noteStart(key: string): void {
    const at = this.clock.now().getTime();
    if (this.latest !== undefined && this.latest.key !== key) this.latestOther = this.latest;
    this.latest = { key, at };
  }

  private start(state: TokenState): void {
    if (state.turn !== this.turn) {
      state.turn = this.turn;
      state.started = 0;
    }
    state.started++;
    state.inFlight++;
    this.noteStart(state.key);
    this.active.add(state);
    // The turn must end (setImmediate: after this turn's reads) for its counts to.
    this.scheduleTick();
  }

  private free(state: TokenState): void {
    state.inFlight--;
    // The line moves at the next turn (tick), not now: its head never runs in the turn, and
    // the microtasks, of the request that just ended.
    if (state.queue.length > 0) this.scheduleTick();
    else this.dropIfIdle(state);
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(this.tick);
  }

  /** Ends a turn: starts the heads of lines, one per token per pass, within each token's limits. */
  private readonly tick = (): void => {
    this.tickScheduled = false;
    this.turn++;
    const ended = [...this.active];
    this.active.clear();
    const lines = this.waiting.splice(0);
    for (let started = true; started;) {
      started = false;
      for (const state of lines) {
        if (state.queue.length === 0 || !this.canStart(state)) continue;
        const next = state.queue.shift()!;
        this.start(state);
        next.admit();
        started = true;
      }
    }
    for (const state of lines) if (state.queue.length > 0) this.waiting.push(state);
    for (const state of [...ended, ...lines]) this.dropIfIdle(state);
  };

  private dropIfIdle(state: TokenState): void {
    if (state.inFlight > 0 || state.queue.length > 0 || this.active.has(state)) return;
    if (this.tokens.get(state.key) === state) this.tokens.delete(state.key);
  }

  /** Takes one request from the token's bucket: 0, or the milliseconds until one is there. */
  private takeFromBucket(key: string): number {
    const rate = this.limits.ratePerSecond;
    if (rate <= 0) return 0;
    const now = this.clock.now().getTime();
    const capacity = rate * BURST_SECONDS;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * rate) / 1000);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= BUCKETS_SWEPT_ABOVE) this.sweepBuckets(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) * 1000) / rate;
  }

  /** A bucket refilled to the brim is the same as none. */
  private sweepBuckets(now: number): void {
    const capacity = this.limits.ratePerSecond * BURST_SECONDS;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * this.limits.ratePerSecond) / 1000 >= capacity) this.buckets.delete(key);
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
