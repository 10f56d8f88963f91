import type { Clock } from '../../shared/clock.ts';

/** How much of one instance one SCIM token may use (ROSTER_SCIM_* settings). */
export interface TokenLimits {
  /** Requests of one token worked on at once; the next ones wait in line. */
  readonly maxInFlight: number;
  /** Requests of one token waiting in line; one more is refused (429). */
  readonly maxQueued: number;
  /** Requests a second one token may start, on average (a token bucket); 0: no limit. */
  readonly ratePerSecond: number;
}

/**
 * The defaults: no identity provider waiting for its answers ever meets them (Entra runs a
 * handful of requests at once, Okta a few dozen at most; those beyond 8 wait, they are not
 * refused), while a token that floods holds 8 requests of the instance's work at a time.
 */
export const DEFAULT_TOKEN_LIMITS: TokenLimits = { maxInFlight: 8, maxQueued: 256, ratePerSecond: 0 };

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
  /** Slots held: requests worked on, and freed slots waiting to pass to the line. */
  inFlight: number;
  /** Freed slots of this token waiting for the next turn of the event loop to pass on. */
  handovers: number;
  readonly queue: Waiter[];
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * What the requests handed on from lines in one turn of the event loop may take before
 * fewer are handed on: roughly what another token's request waits for them.
 */
const TURN_TARGET_MS = 1;

/** Slots handed on in one turn at most, however short the turns. */
const MAX_PER_TURN = 64;

/** Past this many buckets, full ones (tokens idle long enough) are dropped. */
const BUCKETS_SWEPT_ABOVE = 1024;

/**
 * Per-token admission for the SCIM API: a concurrency limit with a bounded line behind it,
 * and an optional token-bucket rate. One token's flood waits in its own line and is refused
 * (429) beyond it; other tokens' requests never wait behind it. A slot freed while its
 * token has a line passes to the head of that line at a later turn of the event loop, tokens
 * taking turns, a few a turn (as many as keep a turn's handed-on work near TURN_TARGET_MS):
 * a line is never served in one go while another token's request waits to be read. State is
 * this instance's only (with several instances each counts its own) and is dropped when a
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
  /** Tokens with freed slots to pass to their line, in the order they freed them. */
  private readonly handing: TokenState[] = [];
  private handingScheduled = false;
  /** Slots handed on in one turn of the event loop (see paceHandOvers). */
  private perTurn = 1;
  /** When the last slots were handed on (performance.now()). */
  private handedAt = 0;

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
      state = { key, inFlight: 0, handovers: 0, queue: [] };
      this.tokens.set(key, state);
    }
    const held = state;
    if (held.inFlight < this.limits.maxInFlight) {
      held.inFlight++;
      return { kind: 'admitted', release: once(() => this.free(key, held)) };
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
    const release = once(() => {
      if (admitted) {
        this.free(key, held);
        return;
      }
      const at = held.queue.indexOf(waiter);
      if (at !== -1) held.queue.splice(at, 1);
      waiter.leave();
      this.dropIfIdle(key, held);
    });
    return { kind: 'queued', turn, release };
  }

  /** Requests of `key` being worked on and waiting (for metrics and tests). */
  load(key: string): { inFlight: number; queued: number } {
    const state = this.tokens.get(key);
    return { inFlight: state?.inFlight ?? 0, queued: state?.queue.length ?? 0 };
  }

  private free(key: string, state: TokenState): void {
    if (state.queue.length === 0) {
      state.inFlight--;
      this.dropIfIdle(key, state);
      return;
    }
    // The slot stays taken (a newcomer cannot overtake the line) and passes on at a later
    // turn of the event loop, not now: on SQLite a request runs to its end without yielding,
    // so slots handed on at once would serve the whole line in one turn, and every other
    // token's request would wait behind all of it.
    state.handovers++;
    if (state.handovers === 1) this.handing.push(state);
    this.scheduleHandOver();
  }

  private scheduleHandOver(): void {
    if (this.handingScheduled) return;
    this.handingScheduled = true;
    setImmediate(this.handOver);
    // Queued right behind it, so it runs once the requests handed on have done what they
    // do without waiting (the rest of their work comes in later turns).
    setImmediate(this.paceHandOvers);
  }

  /**
   * Passes freed slots to the heads of their lines, one token after the other (round robin),
   * `perTurn` of them; the rest wait for the next turn, after the event loop has read and
   * served what other tokens sent meanwhile.
   */
  private readonly handOver = (): void => {
    this.handingScheduled = false;
    let budget = this.perTurn;
    while (budget > 0 && this.handing.length > 0) {
      const state = this.handing.shift()!;
      budget--;
      state.handovers--;
      const next = state.queue.shift();
      if (next) next.admit();
      else state.inFlight--;
      if (state.handovers > 0) this.handing.push(state);
      this.dropIfIdle(state.key, state);
    }
    this.handedAt = performance.now();
    if (this.handing.length > 0) this.scheduleHandOver();
  };

  /**
   * Slots handed on per turn follow what they cost (a read by id, a large filter and a
   * write's first steps differ): one more after a turn whose handed requests took under
   * TURN_TARGET_MS, half as many after one whose took longer.
   */
  private readonly paceHandOvers = (): void => {
    const ms = performance.now() - this.handedAt;
    this.perTurn = ms > TURN_TARGET_MS ? Math.max(1, this.perTurn >> 1) : Math.min(MAX_PER_TURN, this.perTurn + 1);
  };

  private dropIfIdle(key: string, state: TokenState): void {
    if (state.inFlight === 0 && state.queue.length === 0 && this.tokens.get(key) === state) this.tokens.delete(key);
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
