import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Roster } from '../../roster.ts';
import { BoundedLabels, OTHER } from './bounded-labels.ts';

export interface MetricsOptions {
  /** Tenants labelled by id; the rest are counted as `other` (ROSTER_METRICS_MAX_TENANTS). */
  readonly maxTenants: number;
}

const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

/**
 * Roster's Prometheus metrics, in a registry of their own (two apps in one process, as in
 * tests, do not share series). Label sets are bounded: routes are the declared route
 * templates, tenants and connections fold into `other` beyond a ceiling.
 *
 * @example const metrics = new RosterMetrics(roster, { maxTenants: 100 }); await metrics.text()
 */
export class RosterMetrics {
  readonly registry = new Registry();
  private readonly tenants: BoundedLabels;
  private readonly connections: BoundedLabels;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly scimRequests: Counter<'tenant' | 'connection' | 'idp' | 'status_class'>;
  private readonly authFailures: Counter<'reason'>;
  private readonly throttled: Counter<'tenant' | 'connection' | 'idp' | 'reason'>;
  private readonly ready: Gauge;

  constructor(roster: Roster, options: MetricsOptions) {
    const registers = [this.registry];
    this.tenants = new BoundedLabels(options.maxTenants);
    // A tenant has a connection per IdP kind; ten each leaves room for deleted ones.
    this.connections = new BoundedLabels(options.maxTenants * 10);
    this.requests = new Counter({
      name: 'roster_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'roster_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.scimRequests = new Counter({
      name: 'roster_scim_requests_total',
      help: 'SCIM requests with a known token, by tenant, IdP connection, IdP kind and status class (4xx and 5xx are errors)',
      labelNames: ['tenant', 'connection', 'idp', 'status_class'],
      registers,
    });
    this.authFailures = new Counter({
      name: 'roster_token_auth_failures_total',
      help: 'SCIM requests refused for their bearer token: missing, unknown, inactive or expired',
      labelNames: ['reason'],
      registers,
    });
    this.throttled = new Counter({
      name: 'roster_scim_throttled_total',
      help: 'SCIM requests answered 429 by the per-token limits, by tenant, IdP connection, IdP kind and limit (concurrency or rate)',
      labelNames: ['tenant', 'connection', 'idp', 'reason'],
      registers,
    });
    this.ready = new Gauge({ name: 'roster_ready', help: 'The last /readyz answer: 1 ready, 0 not', registers });
    const queryDuration = new Histogram({
      name: 'roster_db_query_duration_seconds',
      help: 'Database query time, by outcome',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    roster.onQuery((seconds, failed) => queryDuration.observe({ outcome: failed ? 'error' : 'ok' }, seconds));
    new Gauge({
      name: 'roster_db_pool_connections',
      help: 'PostgreSQL pool connections by state: in_use, idle, waiting (requests queued for one)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = roster.poolState();
        if (pool === null) return;
        this.set({ state: 'in_use' }, pool.inUse);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    new Gauge({
      name: 'roster_provisioning_log_queue_depth',
      help: 'Provisioning log entries waiting in memory to be written',
      registers,
      collect() {
        this.set(roster.provisioningLog.writerState().queued);
      },
    });
    new Gauge({
      name: 'roster_provisioning_log_stuck',
      help: "1 when the provisioning log's writes hang or its buffer is full (the instance is not ready)",
      registers,
      collect() {
        this.set(roster.provisioningLog.stuck() ? 1 : 0);
      },
    });
    const flush = new Histogram({
      name: 'roster_provisioning_log_flush_duration_seconds',
      help: 'Time to write one batch of provisioning log entries, by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    });
    roster.provisioningLog.onBatch((_entries, ms, ok) => flush.observe({ outcome: ok ? 'ok' : 'error' }, ms / 1000));
    new Gauge({
      name: 'roster_events_publish_lag_seconds',
      help: 'How long the oldest committed change-feed event has waited for its seq (PostgreSQL; 0 on SQLite, where writes number their own)',
      registers,
      async collect() {
        this.set((await roster.events.publishLagMs()) / 1000);
      },
    });
    // Webhooks: labelled by outcome only, never by endpoint or tenant (their number is the customers').
    const attempts = new Counter({
      name: 'roster_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered (2xx), retrying (failed, another attempt is scheduled), failed (the endpoint was disabled: 410 or 5 days of failures)',
      labelNames: ['outcome'],
      registers,
    });
    const attemptDuration = new Histogram({
      name: 'roster_webhook_attempt_duration_seconds',
      help: 'Time from sending a webhook to its answer (or failure), by outcome',
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers,
    });
    const lag = new Histogram({
      name: 'roster_webhook_delivery_lag_seconds',
      help: "Time from an event's commit to its delivery (2xx), retries and replays included",
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400],
      registers,
    });
    roster.webhookDelivery.onAttempt((report) => {
      attempts.inc({ outcome: report.outcome });
      attemptDuration.observe({ outcome: report.outcome }, report.latencyMs / 1000);
      if (report.lagMs !== null) lag.observe(report.lagMs / 1000);
    });
    new Gauge({
      name: 'roster_webhook_backlog',
      help: 'Webhooks: events not yet delivered to enabled endpoints (pending_events), endpoints retrying an event (retrying), endpoints disabled (disabled)',
      labelNames: ['kind'],
      registers,
      async collect() {
        const backlog = await roster.webhooks.backlog();
        this.set({ kind: 'pending_events' }, backlog.pendingEvents);
        this.set({ kind: 'retrying' }, backlog.retrying);
        this.set({ kind: 'disabled' }, backlog.disabled);
      },
    });
    // Process CPU, memory, handles, GC, and event-loop lag (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts an answered request (an onResponse hook). */
  observe(request: FastifyRequest, reply: FastifyReply): void {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    this.requests.inc(labels);
    this.duration.observe(labels, reply.elapsedTime / 1000);
    const failure = request.scimLog?.authFailure;
    if (failure) this.authFailures.inc({ reason: failure });
    const who = request.principal ?? request.scimLog?.refusedToken;
    if (who) {
      const tenant = this.tenants.of(who.tenantId);
      const connection = tenant === OTHER ? OTHER : this.connections.of(who.connectionId);
      this.scimRequests.inc({ tenant, connection, idp: who.idpKind, status_class: statusClass(reply.statusCode) });
      const throttled = request.scimLog?.throttled;
      if (throttled) this.throttled.inc({ tenant, connection, idp: who.idpKind, reason: throttled });
    }
  }

  /** Records a readiness answer. */
  readiness(ready: boolean): void {
    this.ready.set(ready ? 1 : 0);
  }

  /** The exposition text and its Content-Type. */
  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** Stops listening to the store and the log (when the app closes). */
  stop(roster: Roster): void {
    roster.onQuery(undefined);
    roster.provisioningLog.onBatch(undefined);
    roster.webhookDelivery.onAttempt(undefined);
  }
}
