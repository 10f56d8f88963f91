import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { EventsStore, type FeedBounds } from '../store/events-store.ts';
import { feedSignalOf } from '../store/feed-signal.ts';
import { toFeedEvent, type FeedEvent } from './feed-event.ts';

export interface FeedSettings {
  /** ROSTER_EVENTS_RETENTION_DAYS: published events older than this are deleted. */
  readonly retentionDays: number;
  /** How often a waiting reader and the publisher look for other instances' commits. */
  readonly pollMs: number;
  readonly pruneIntervalMs: number;
}

/** How long after a local commit the publisher runs (PostgreSQL), gathering the commits of a burst. */
const PUBLISH_DELAY_MS = 10;

/** While another instance holds the publisher lock: how long between tries, and how many before callers are answered. */
const LOCKED_OUT_WAIT_MS = 20;
const LOCKED_OUT_STEPS = 100;

export const DEFAULT_FEED_SETTINGS: FeedSettings = { retentionDays: 30, pollMs: 200, pruneIntervalMs: 3_600_000 };

/** What a reader asks for: events after `after` (a seq), at most `limit`, of these types (all when empty). */
export interface FeedQuery {
  readonly after: number;
  readonly limit: number;
  readonly types: readonly string[];
}

export interface FeedPage {
  readonly events: readonly FeedEvent[];
  /** True when more events than `limit` were there to read. */
  readonly hasMore: boolean;
  /** The seq to read after next time (the last event's, or `after` when there was none). */
  readonly next: number;
}

/** The reader's position was deleted by retention: it must start again from a snapshot. */
export class FeedGoneError extends Error {
  constructor(readonly prunedThrough: number) {
    super(`Events up to seq ${prunedThrough} were deleted by retention`);
  }
}

type ErrorSink = (message: string, error: unknown) => void;

/**
 * The change feed: reading it (also as a long poll), publishing it on PostgreSQL, and
 * cutting it by age. Writes put their events in the outbox themselves (writeTransaction).
 *
 * @example
 * const page = await events.wait(tenantId, { after: 0, limit: 100, types: [] }, 30_000);
 */
export class EventsService {
  private readonly events: EventsStore;
  private publishing: Promise<void> | undefined;
  /** Publishing steps begun so far, and who waits for one begun after their call (`after`: the count then). */
  private stepsBegun = 0;
  private callers: { after: number; resolve: () => void }[] = [];
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => void) | undefined;
  private sink: ErrorSink = (message, error) => process.stderr.write(`roster: ${message}: ${String(error)}\n`);
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly publishedListeners = new Set<(tenants: ReadonlySet<string>) => void>();
  private soon: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: StoreDialect,
    readonly settings: FeedSettings = DEFAULT_FEED_SETTINGS,
    private readonly clock: Clock = systemClock,
  ) {
    this.events = new EventsStore(store);
    // A local commit: on SQLite its events are numbered already; on PostgreSQL, number them now.
    this.unlisten = feedSignalOf(store).listen((tenants) =>
      store.eventPublishing === 'inWriter' ? this.published(tenants) : this.publishSoon(),
    );
  }

  /**
   * Hears which tenants' feeds grew, as soon as this instance numbered them (or, on SQLite,
   * committed them): webhook delivery starts at once instead of at its next poll. Other
   * instances' events are not heard here. @returns a function that stops listening
   */
  onPublished(listener: (tenants: ReadonlySet<string>) => void): () => void {
    this.publishedListeners.add(listener);
    return () => this.publishedListeners.delete(listener);
  }

  /** Reads a page of the tenant's feed. @throws FeedGoneError when `after` is older than retention kept */
  async read(tenantId: string, query: FeedQuery): Promise<FeedPage> {
    await this.publishCommitted();
    return this.readPublished(tenantId, query);
  }

  /** {@link read} without publishing first. */
  private async readPublished(tenantId: string, query: FeedQuery): Promise<FeedPage> {
    const bounds = await this.events.bounds(tenantId);
    if (query.after < bounds.prunedThrough) throw new FeedGoneError(bounds.prunedThrough);
    const rows = await this.events.read(tenantId, query.after, query.limit + 1, query.types);
    // Never hand out a seq that a power cut could take back and give to another event.
    await this.store.untilDurable();
    // Retention may have cut the feed since the bounds were read: a page that does not start
    // right after `after` may be missing events deleted unread, and must be refused, not skipped.
    if (rows[0]?.seq !== query.after + 1) {
      const now = await this.events.bounds(tenantId);
      if (query.after < now.prunedThrough) throw new FeedGoneError(now.prunedThrough);
    }
    const events = rows.slice(0, query.limit).map(toFeedEvent);
    const hasMore = rows.length > query.limit;
    const last = events.at(-1)?.seq ?? query.after;
    // Every event up to lastSeq was visible when the rows were read (they were published
    // before the counter was read): with a type filter, those that did not match are
    // passed over for good.
    return { events, hasMore, next: hasMore ? last : Math.max(last, bounds.lastSeq) };
  }

  /**
   * Like {@link read}, but when nothing is there yet, waits up to `waitMs` for the first
   * event, answering as soon as one is published (here or on another instance).
   */
  async wait(tenantId: string, query: FeedQuery, waitMs: number, abort?: AbortSignal): Promise<FeedPage> {
    const deadline = this.clock.now().getTime() + waitMs;
    let woken = false;
    for (;;) {
      // Woken by a publishing step, the reader reads what it numbered; another step first
      // would add its round trips to every event's way to the reader.
      const page = woken ? await this.readPublished(tenantId, query) : await this.read(tenantId, query);
      const left = deadline - this.clock.now().getTime();
      if (page.events.length > 0 || left <= 0 || abort?.aborted) return page;
      woken = await this.nextChange(tenantId, Math.min(left, this.settings.pollMs), abort);
    }
  }

  /**
   * The tenant's last published seq (after publishing what is committed) and how far
   * retention cut. Read in `via` when given (a snapshot's transaction, so that its cursor
   * and its data are of one moment; nothing is published first there).
   */
  async bounds(tenantId: string, via?: Kysely<Database>): Promise<FeedBounds> {
    if (via === undefined) await this.publishCommitted();
    return this.events.bounds(tenantId, via);
  }

  /** Numbers every committed event that waits for its seq (PostgreSQL's publisher; SQLite numbers them in the writer). */
  async publishCommitted(): Promise<void> {
    if (this.store.eventPublishing === 'publisher') await this.publishNow();
  }

  /** How long the oldest unpublished event has waited, in ms (0 when none waits). */
  async publishLagMs(): Promise<number> {
    const oldest = await this.events.oldestUnpublished();
    return oldest === null ? 0 : Math.max(0, this.clock.now().getTime() - Date.parse(oldest));
  }

  /**
   * Starts the background work of a serving instance: on PostgreSQL the publisher (right
   * after each local commit, and every `pollMs` for other instances' commits); everywhere,
   * retention. Failures go to `sink` and never stop the loop.
   */
  start(sink: ErrorSink): void {
    this.sink = sink;
    if (this.store.eventPublishing === 'publisher') {
      this.timers.push(setInterval(() => void this.publishNow(), this.settings.pollMs).unref());
    }
    const prune = (): void => {
      const cutoff = new Date(this.clock.now().getTime() - this.settings.retentionDays * 86_400_000).toISOString();
      this.events.prune(cutoff).catch((error: unknown) => this.sink('could not prune the change feed', error));
    };
    prune();
    this.timers.push(setInterval(prune, this.settings.pruneIntervalMs).unref());
  }

  /** Stops the background work, after publishing what this instance committed; call before the store closes. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    clearTimeout(this.soon);
    this.soon = undefined;
    this.unlisten?.();
    this.unlisten = undefined;
    await this.publishCommitted();
  }

  /** Deletes published events older than `cutoff` (ISO time); @returns how many */
  prune(cutoff: string): Promise<number> {
    return this.events.prune(cutoff);
  }

  /**
   * Publishes a few milliseconds from now: the commits of a burst of writes share one
   * publishing step (its own transaction and commit) instead of one each.
   */
  private publishSoon(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.publishNow();
    }, PUBLISH_DELAY_MS);
  }

  /**
   * Publishes every committed, unnumbered event (PostgreSQL). Resolves once a step that
   * began after the call has numbered everything it could see (so its caller's commits are
   * numbered), or when another instance held the publisher lock for {@link LOCKED_OUT_STEPS}
   * tries in a row (its own steps number them), or when a step failed (reported to the sink).
   * Calls share one loop, which runs while any caller waits: a caller waits for one step
   * after its call, never for the callers that keep coming after it.
   */
  publishNow(): Promise<void> {
    const done = new Promise<void>((resolve) => this.callers.push({ after: this.stepsBegun, resolve }));
    this.publishing ??= this.publishLoop();
    return done;
  }

  private async publishLoop(): Promise<void> {
    let lockedOut = 0;
    let more = false;
    try {
      while (this.callers.length > 0 || more) {
        const step = ++this.stepsBegun;
        const result = await this.events.publish();
        if (result.tenants.size > 0) this.published(result.tenants);
        if (!result.locked) {
          if (++lockedOut >= LOCKED_OUT_STEPS) break;
          await new Promise((resolve) => setTimeout(resolve, LOCKED_OUT_WAIT_MS));
          continue;
        }
        lockedOut = 0;
        more = result.more;
        // A full step left rows behind, maybe a caller's: only a step that took all it saw answers.
        if (!more) this.release(step);
      }
    } catch (error) {
      this.sink('could not publish change-feed events', error);
    } finally {
      // In this function, not a caller of it: cleared before any answered caller runs again,
      // so that one calling again starts a new loop instead of waiting on this ended one.
      this.publishing = undefined;
      this.release(Infinity);
    }
  }

  /** Answers the callers that called before `step` began. */
  private release(step: number): void {
    const answered = this.callers.filter((c) => c.after < step);
    this.callers = this.callers.filter((c) => c.after >= step);
    for (const caller of answered) caller.resolve();
  }

  private published(tenants: ReadonlySet<string>): void {
    for (const listener of this.publishedListeners) listener(tenants);
    for (const tenantId of tenants) {
      const waiting = this.waiters.get(tenantId);
      if (!waiting) continue;
      this.waiters.delete(tenantId);
      for (const wake of waiting) wake();
    }
  }

  /**
   * Resolves when the tenant's feed may have grown, after `ms`, or on abort.
   * @returns true when woken by this instance's publishing (or, on SQLite, a commit)
   */
  private nextChange(tenantId: string, ms: number, abort?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const waiting = this.waiters.get(tenantId) ?? new Set();
      this.waiters.set(tenantId, waiting);
      const finish = (published: boolean): void => {
        clearTimeout(timer);
        waiting.delete(wake);
        abort?.removeEventListener('abort', onAbort);
        resolve(published);
      };
      const wake = (): void => finish(true);
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      waiting.add(wake);
      abort?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
