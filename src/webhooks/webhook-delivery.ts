import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { SYSTEM_ACTOR } from '../audit/actor.ts';
import { FeedGoneError, type EventsService, type FeedPage } from '../events/events-service.ts';
import type { FeedEvent } from '../events/feed-event.ts';
import type { Clock } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { checkTarget, type SendResult } from './send-webhook.ts';
import { isDelivered } from './sender-messages.ts';
import type { TargetPolicy } from './target-policy.ts';
import { PageSending, WebhookSender } from './webhook-sender.ts';
import { SET_EVENT_TYPES } from './scim-security-event.ts';
import type { DeliveryOutcome, EndpointRow } from './webhook-endpoint.ts';
import type { MessageBuilder, WebhooksService } from './webhooks-service.ts';

/** The waits after the 1st, 2nd, … failed attempt at one event (then 24 h again until {@link DISABLE_AFTER_MS}). */
export const RETRY_SCHEDULE_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
] as const;

/** An endpoint failing for this long is disabled (with an audit event). */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

export interface DeliverySettings {
  /** How often an instance looks for endpoints with events to send or a retry due. */
  readonly pollMs: number;
  /** How long a claimed endpoint stays this instance's without a word from it. */
  readonly leaseMs: number;
  /** Endpoints delivered at once by one instance. */
  readonly concurrency: number;
  /** Events read from the feed per step. */
  readonly batch: number;
  /** Delivery log: attempts older than this are deleted (ROSTER_LOG_RETENTION_DAYS). */
  readonly logRetentionDays: number;
  /** Delivery log: the most attempts kept per endpoint (the newest). */
  readonly logMaxRowsPerEndpoint: number;
  readonly pruneIntervalMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  pollMs: 200,
  leaseMs: 60_000,
  concurrency: 8,
  batch: 100,
  logRetentionDays: 30,
  logMaxRowsPerEndpoint: 10_000,
  pruneIntervalMs: 60_000,
};

/** One attempt's outcome and timing, for metrics. */
export interface AttemptReport {
  readonly outcome: DeliveryOutcome;
  readonly latencyMs: number;
  /** From the event's commit to its delivery (2xx only). */
  readonly lagMs: number | null;
}

type ErrorSink = (message: string, error: unknown) => void;

/** A page of an endpoint's events, read to be sent. */
interface Prepared {
  /** The endpoint as read with the page: its URL and secrets address and sign the page. */
  readonly row: EndpointRow;
  readonly page: FeedPage;
  /** Handed to the sender thread, or why it could not be (a failed attempt at its first event). */
  handed?: PageSending | SendResult;
}

/** A 2xx not yet recorded. */
interface Delivered {
  readonly event: FeedEvent;
  readonly result: SendResult;
  readonly at: string;
}

/**
 * Delivers each enabled endpoint's events from its cursor, one event at a time and in
 * seq order: an event is sent only after the one before it was answered 2xx, so order
 * holds across failures, and the cursor moves in the transaction that logs the attempt.
 * A failure waits per {@link RETRY_SCHEDULE_MS} (± 10 % jitter) or the receiver's
 * `Retry-After` (429, 503); `410 Gone` disables the endpoint, and so do 5 days of
 * failures. An instance claims an endpoint with a lease (a conditional UPDATE, so one
 * instance at a time delivers it on PostgreSQL too) and renews it with each attempt.
 *
 * A serving instance looks for due endpoints every `pollMs` (other instances' events,
 * retries coming due) and as soon as its own events are published: an idle endpoint gets
 * its first attempt without waiting for the poll, and a run that heard of new events while
 * it was under way looks again when it ends. An endpoint waiting for a retry is not due,
 * so news of events never brings its attempt forward.
 *
 * The clock and the jitter's random source are injectable; tests drive {@link runOnce}
 * instead of timers.
 */
export class WebhookDelivery {
  readonly instanceId = randomUUID();
  private timers: NodeJS.Timeout[] = [];
  private readonly active = new Map<string, Promise<void>>();
  /** POSTs off the event loop that SCIM requests share: the main thread spends one turn per group of answers. */
  readonly sender = new WebhookSender();
  private readonly sending = new Set<PageSending>();
  private ticking = false;
  /** Events were published while a tick was under way: it looks again before it ends. */
  private woken = false;
  private wakeQueued = false;
  /** Counts the news of published events, so that a run can tell whether any came while it ran. */
  private wakes = 0;
  private unlisten: (() => void) | undefined;
  private unlistenEndpoints: (() => void) | undefined;
  /**
   * False once a poll found no enabled endpoint in the database: news of published events is
   * then no reason to look (a query each group commit, for nothing), until the next poll or
   * an endpoint this instance adds or enables. Another instance's endpoint waits for the poll,
   * as its events already do.
   */
  private anyEnabled = true;
  /** Counts the endpoints enabled here, so that a poll's answer read before one is not believed after it. */
  private enabledHere = 0;
  private stopping = false;
  private listener: ((report: AttemptReport) => void) | undefined;
  private sink: ErrorSink = (message, error) => process.stderr.write(`roster: ${message}: ${String(error)}\n`);

  constructor(
    private readonly store: StoreDialect,
    private readonly events: EventsService,
    private readonly webhooks: WebhooksService,
    private readonly policy: TargetPolicy,
    private readonly clock: Clock,
    readonly settings: DeliverySettings = DEFAULT_DELIVERY_SETTINGS,
    private readonly random: () => number = Math.random,
  ) {}

  /** Starts polling for due endpoints and pruning the delivery log; failures go to `sink`. */
  start(sink: ErrorSink): void {
    this.sink = sink;
    this.stopping = false;
    this.timers.push(setInterval(() => void this.poll(), this.settings.pollMs).unref());
    this.unlisten = this.events.onPublished(() => this.wake());
    this.unlistenEndpoints = this.webhooks.onEndpointEnabled(() => {
      this.enabledHere++;
      this.anyEnabled = true;
      this.lookSoon();
    });
    void this.poll();
    const prune = (): void =>
      void this.pruneLog().catch((error: unknown) => this.sink('could not prune the webhook delivery log', error));
    this.timers.push(setInterval(prune, this.settings.pruneIntervalMs).unref());
  }

  /** Stops claiming endpoints and waits for the attempts under way (at most one per endpoint); call before the store closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unlisten?.();
    this.unlisten = undefined;
    this.unlistenEndpoints?.();
    this.unlistenEndpoints = undefined;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const sending of this.sending) sending.cancel();
    await Promise.allSettled([...this.active.values()]);
    await this.sender.close();
  }

  /** Hears every attempt (metrics); one listener. */
  onAttempt(listener: ((report: AttemptReport) => void) | undefined): void {
    this.listener = listener;
  }

  /**
   * Delivers every endpoint that has events or a retry due, until each is caught up or
   * waits for a retry (tests, benchmarks; `start` does this on a timer).
   * @returns how many endpoint runs it made
   */
  async runOnce(): Promise<number> {
    let runs = 0;
    // A serving instance's feed publishes on its own timer (PostgreSQL); here, publish first.
    if (this.store.eventPublishing === 'publisher') await this.events.publishNow();
    for (;;) {
      const started = await this.claimDue();
      await Promise.allSettled([...this.active.values()]);
      if (started === 0) return runs;
      runs += started;
    }
  }

  /** This instance published events. */
  private wake(): void {
    this.wakes++;
    if (this.anyEnabled) this.lookSoon();
  }

  /** The timer's look: whether any endpoint is enabled at all, then the due ones. */
  private async poll(): Promise<void> {
    if (this.stopping) return;
    const before = this.enabledHere;
    try {
      const found = await anyEnabledEndpoint(this.store.db);
      if (this.enabledHere === before) this.anyEnabled = found;
    } catch (error) {
      this.anyEnabled = true;
      this.sink('could not look for webhooks to deliver', error);
    }
    if (this.anyEnabled) await this.tick();
  }

  /**
   * A tick soon (a burst of commits shares one), or, when a tick is under way, one more look
   * at its end (its query may have run before the commit).
   */
  private lookSoon(): void {
    this.woken = true;
    if (this.wakeQueued || this.stopping) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      do {
        this.woken = false;
        await this.claimDue();
      } while (this.woken && !this.stopping);
    } catch (error) {
      this.sink('could not look for webhooks to deliver', error);
    } finally {
      this.ticking = false;
    }
  }

  /** Claims due endpoints up to the concurrency left and starts their runs. @returns how many */
  private async claimDue(): Promise<number> {
    const room = this.settings.concurrency - this.active.size;
    if (room <= 0 || this.stopping) return 0;
    const now = this.nowIso();
    const due = await this.store.db
      .selectFrom('webhook_endpoints as w')
      .leftJoin('event_counters as c', 'c.tenant_id', 'w.tenant_id')
      .select(['w.id'])
      .where('w.status', '=', 'enabled')
      .where((eb) => eb.or([eb('w.lease_until', 'is', null), eb('w.lease_until', '<', now)]))
      .where((eb) => eb.or([eb('w.next_attempt_at', 'is', null), eb('w.next_attempt_at', '<=', now)]))
      .where((eb) => eb('w.cursor', '<', eb.fn.coalesce('c.last_seq', eb.lit(0))))
      .orderBy('w.next_attempt_at')
      .limit(room + this.active.size)
      .execute();
    let started = 0;
    for (const { id } of due) {
      if (this.active.has(id) || this.active.size >= this.settings.concurrency) continue;
      if (!(await this.claim(id, now))) continue;
      // The lease is released before the run counts as done, so stop() waits for it: a
      // restarted instance then finds the endpoint free instead of waiting out the lease.
      // A run that failed waits for the poll: looking again at once could spin on the error.
      const wakesBefore = this.wakes;
      const run = this.deliver(id)
        .then(
          () => true,
          (error: unknown) => {
            this.sink('webhook delivery failed', error);
            return false;
          },
        )
        .then(async (ok) => {
          await this.release(id);
          return ok;
        })
        .then((ok) => {
          this.active.delete(id);
          if (ok && this.wakes !== wakesBefore) this.lookSoon();
        });
      this.active.set(id, run);
      started++;
    }
    return started;
  }

  private async claim(id: string, now: string): Promise<boolean> {
    const result = await this.store.db
      .updateTable('webhook_endpoints')
      .set({ lease_owner: this.instanceId, lease_until: this.leaseEnd() })
      .where('id', '=', id)
      .where('status', '=', 'enabled')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async release(id: string): Promise<void> {
    await this.store.db
      .updateTable('webhook_endpoints')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', this.instanceId)
      .execute()
      .catch((error: unknown) => this.sink('could not release a webhook endpoint', error));
  }

  /**
   * Sends the endpoint's events after its cursor until it is caught up, a failure is
   * scheduled, or the lease is lost. The sender thread POSTs a page while this thread reads
   * and signs the next, which is handed over as soon as the page was all delivered, before
   * the page's record. Successes are recorded in the groups the thread reports (the cursor
   * moves and their log rows are written in one transaction, every RECORD_EVERY events or
   * RECORD_AFTER_MS: src/webhooks/sender-messages.ts), a failure at once: an instance
   * killed, or a sender thread dead, between a 2xx and its record sends those events again
   * (at least once; receivers drop repeats by webhook-id).
   */
  private async deliver(id: string): Promise<void> {
    let current = await this.prepare(id);
    let at = current?.row;
    while (current && at) {
      const { page } = current;
      const [first] = page.events;
      if (!first) {
        // Events of types it does not receive are passed over for good.
        if (!page.hasMore && page.next > Number(at.cursor)) await this.moveCursor(at, page.next);
        return;
      }
      const handed = current.handed ?? (await this.hand(current.row, page.events));
      if (!(handed instanceof PageSending)) {
        await this.recordFailure(at, first, handed);
        return;
      }
      const ahead = page.hasMore && !this.stopping ? this.prepare(id, page.next) : undefined;
      const sent = await this.collect(at, page.events, handed, ahead);
      if (!sent) return;
      at = sent.row;
      if (sent.whole) {
        current = sent.next;
        if (!current && !page.hasMore && page.next > Number(at.cursor)) await this.moveCursor(at, page.next);
      } else {
        // Its signatures grew old before the receiver took them all: the rest is read and signed again.
        current = await this.prepare(id);
        at = current?.row;
      }
    }
  }

  /**
   * The endpoint, while this instance holds its lease and it is due, and its events after
   * `after` (its cursor when not given: a page read ahead starts where the page being sent ends).
   * @returns undefined to stop this run
   */
  private async prepare(id: string, after?: number): Promise<Prepared | undefined> {
    for (;;) {
      if (this.stopping) return undefined;
      const row = await this.store.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', id)
        .where('lease_owner', '=', this.instanceId)
        .executeTakeFirst();
      if (!row || row.status !== 'enabled') return undefined;
      if (row.next_attempt_at !== null && row.next_attempt_at > this.nowIso()) return undefined;
      // A SET endpoint receiving "all" receives every type a SET carries; the others are passed over.
      const types =
        row.event_types !== null
          ? (JSON.parse(row.event_types) as string[])
          : row.format === 'set'
            ? [...SET_EVENT_TYPES]
            : [];
      try {
        const page = await this.events.read(row.tenant_id, {
          after: after ?? Number(row.cursor),
          limit: this.settings.batch,
          types,
        });
        return { row, page };
      } catch (error) {
        if (!(error instanceof FeedGoneError) || after !== undefined) throw error;
        // Only a replay or 30 days of being disabled puts a cursor behind retention: go on from what is left.
        this.sink(
          `webhook endpoint ${id}: events up to seq ${error.prunedThrough} were deleted by retention before delivery`,
          error,
        );
        await this.moveCursor(row, error.prunedThrough);
      }
    }
  }

  /**
   * Signs a page's events and hands them to the sender thread, which POSTs them in order. A
   * secret that cannot be opened (another key) or a refused target is a failed attempt at
   * the first event like any other, recorded by the caller in its turn.
   */
  private async hand(row: EndpointRow, events: readonly FeedEvent[]): Promise<PageSending | SendResult> {
    let sign: MessageBuilder;
    try {
      sign = this.webhooks.messagesFor(row);
    } catch (error) {
      return { status: null, retryAfterMs: null, error: `could not sign: ${String(error)}`, latencyMs: 0 };
    }
    // Resolved and checked once a page: a page's POSTs go to the addresses checked for it.
    const target = await checkTarget(row.url, this.policy);
    if (!('addresses' in target)) return target;
    const now = this.clock.now();
    const messages = events.map((event) => sign(event, now));
    const sending = this.sender.send(target, messages, now.getTime() - Date.now());
    this.sending.add(sending);
    void sending.ended.then(() => this.sending.delete(sending));
    if (this.stopping) sending.cancel();
    return sending;
  }

  /**
   * Records what the sender thread reports of a page, a group at a time, while it goes on
   * with the page; hands it the page read `ahead` once this page was all delivered. Returns
   * only once the thread sends nothing more of this page (nor of the page ahead when it
   * stops), so that a next run of the endpoint cannot overtake them.
   * @returns the endpoint after the page, whether all of it was delivered, and the page
   *   ahead; or undefined to stop this run
   */
  private async collect(
    row: EndpointRow,
    events: readonly FeedEvent[],
    sending: PageSending,
    ahead: Promise<Prepared | undefined> | undefined,
  ): Promise<{ row: EndpointRow; whole: boolean; next: Prepared | undefined } | undefined> {
    let next: Prepared | undefined;
    try {
      let at = row;
      let reported = 0;
      for (;;) {
        const { results, done, error } = await sending.next();
        const from = reported;
        reported += results.length;
        const ok = results.filter(isDelivered);
        const whole = done && ok.length === results.length && reported === events.length && error === undefined;
        if (whole && ahead && !this.stopping) {
          next = await ahead;
          ahead = undefined;
          const [first] = next?.page.events ?? [];
          if (next && first) next.handed = await this.hand(next.row, next.page.events);
        }
        if (ok.length > 0) {
          const doneAt = this.clock.now();
          const delivered = ok.map((result, i) => ({ event: events[from + i]!, result, at: doneAt.toISOString() }));
          for (const { event, result } of delivered) {
            const lagMs = Math.max(0, doneAt.getTime() - Date.parse(event.occurredAt));
            this.listener?.({ outcome: 'delivered', latencyMs: result.latencyMs, lagMs });
          }
          const recorded = await this.recordDelivered(at, delivered);
          if (!recorded) return undefined;
          at = recorded;
        }
        const failed = results[ok.length];
        if (failed) {
          await this.recordFailure(at, events[reported - 1]!, failed);
          return undefined;
        }
        if (error !== undefined) throw new Error(`a webhook POST threw: ${error}`);
        if (done) {
          if (this.stopping) return undefined;
          const result = { row: at, whole, next };
          next = undefined;
          return result;
        }
      }
    } finally {
      // A page read ahead that is not gone on with is dropped, and stopped if it was handed over.
      await ahead?.catch(() => undefined);
      for (const page of [sending, next?.handed]) {
        if (!(page instanceof PageSending)) continue;
        page.cancel();
        await page.ended;
      }
    }
  }

  /**
   * Moves the cursor past delivered events and logs them, in one transaction, while this
   * instance holds the lease and nobody moved the cursor (a replay) or disabled the endpoint.
   * @returns the endpoint after it, or undefined to stop this run
   */
  private async recordDelivered(row: EndpointRow, delivered: readonly Delivered[]): Promise<EndpointRow | undefined> {
    const last = delivered.at(-1);
    if (!last) return row;
    const moved = {
      cursor: last.event.seq,
      attempts: 0,
      next_attempt_at: null,
      failing_since: null,
      last_status: last.result.status,
      last_delivered_at: last.at,
      lease_until: this.leaseEnd(),
    };
    return this.store.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('webhook_endpoints')
        .set(moved)
        .where('id', '=', row.id)
        .where('lease_owner', '=', this.instanceId)
        .where('status', '=', 'enabled')
        .where('cursor', '=', row.cursor)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) return undefined;
      // The first of these may be the event that had failed before: its attempt number goes on.
      await trx
        .insertInto('webhook_deliveries')
        .values(
          delivered.map((d, i) => ({
            endpoint_id: row.id,
            event_id: d.event.id,
            seq: d.event.seq,
            event_type: d.event.type,
            attempt: i === 0 ? row.attempts + 1 : 1,
            outcome: 'delivered',
            response_status: d.result.status,
            error: null,
            latency_ms: d.result.latencyMs,
            at: d.at,
            next_attempt_at: null,
          })),
        )
        .execute();
      // No second read: the columns a run goes on with are the ones its UPDATE just wrote or
      // matched; the others (URL, secrets, types) are read again with the next page.
      return { ...row, ...moved };
    });
  }

  /** Records a failed attempt at the event after the cursor: a retry scheduled, or the endpoint disabled (410, 5 days). */
  private async recordFailure(row: EndpointRow, event: FeedEvent, result: SendResult): Promise<void> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const attempt = row.attempts + 1;
    const failingSince = row.failing_since ?? nowIso;
    const gone = result.status === 410;
    const exhausted = !gone && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS;
    const outcome: DeliveryOutcome = gone || exhausted ? 'failed' : 'retrying';
    const nextAttemptAt =
      outcome === 'retrying' ? new Date(now.getTime() + this.delayAfter(attempt, result)).toISOString() : null;
    const recorded = await this.store.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('webhook_endpoints')
        .set({
          attempts: attempt,
          next_attempt_at: nextAttemptAt,
          failing_since: failingSince,
          last_status: result.status,
          lease_until: this.leaseEnd(),
          ...(outcome === 'failed'
            ? { status: 'disabled' as const, disabled_reason: gone ? 'gone' : 'failing', next_attempt_at: null }
            : {}),
        })
        .where('id', '=', row.id)
        .where('lease_owner', '=', this.instanceId)
        .where('status', '=', 'enabled')
        .where('cursor', '=', row.cursor)
        .executeTakeFirst();
      // Disabled, removed or replayed meanwhile: nothing to record.
      if (Number(changed.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('webhook_deliveries')
        .values({
          endpoint_id: row.id,
          event_id: event.id,
          seq: event.seq,
          event_type: event.type,
          attempt,
          outcome,
          response_status: result.status,
          error: result.error?.slice(0, 500) ?? null,
          latency_ms: result.latencyMs,
          at: nowIso,
          next_attempt_at: nextAttemptAt,
        })
        .execute();
      if (outcome === 'failed') {
        await recordAuditEvent(trx, {
          tenantId: row.tenant_id,
          actor: SYSTEM_ACTOR,
          type: 'webhook.disabled',
          targetId: row.id,
          details: {
            url: row.url,
            description: row.description,
            reason: gone ? 'gone' : 'failing',
            cursor: Number(row.cursor),
          },
        });
      }
      return true;
    });
    if (recorded) this.listener?.({ outcome, latencyMs: result.latencyMs, lagMs: null });
  }

  /** The wait before the next attempt: the receiver's Retry-After, else the schedule's step with ± 10 % jitter. */
  private delayAfter(attempt: number, result: SendResult): number {
    if (result.retryAfterMs !== null) return result.retryAfterMs;
    const step = RETRY_SCHEDULE_MS[Math.min(attempt, RETRY_SCHEDULE_MS.length) - 1] ?? 86_400_000;
    return Math.round(step * (0.9 + 0.2 * this.random()));
  }

  private async moveCursor(row: EndpointRow, cursor: number): Promise<void> {
    await this.store.db
      .updateTable('webhook_endpoints')
      .set({ cursor, lease_until: this.leaseEnd() })
      .where('id', '=', row.id)
      .where('lease_owner', '=', this.instanceId)
      .where('cursor', '=', row.cursor)
      .execute();
  }

  /** Deletes attempts older than the retention, and all but the newest per endpoint. @returns how many */
  async pruneLog(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.settings.logRetentionDays * 86_400_000).toISOString();
    const old = await this.store.db.deleteFrom('webhook_deliveries').where('at', '<', cutoff).executeTakeFirst();
    let deleted = Number(old.numDeletedRows);
    const endpoints = await this.store.db.selectFrom('webhook_endpoints').select('id').execute();
    for (const { id } of endpoints) {
      const edge = await this.store.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', id)
        .orderBy('id', 'desc')
        .offset(this.settings.logMaxRowsPerEndpoint)
        .limit(1)
        .executeTakeFirst();
      if (!edge) continue;
      const cut = await this.store.db
        .deleteFrom('webhook_deliveries')
        .where('endpoint_id', '=', id)
        .where('id', '<=', edge.id)
        .executeTakeFirst();
      deleted += Number(cut.numDeletedRows);
    }
    return deleted;
  }

  private nowIso(): string {
    return this.clock.now().toISOString();
  }

  private leaseEnd(): string {
    return new Date(this.clock.now().getTime() + this.settings.leaseMs).toISOString();
  }
}

/** Whether an endpoint of any tenant is enabled. */
async function anyEnabledEndpoint(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('status', '=', 'enabled')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
