import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app.ts';
import { RosterMetrics } from '../../../src/http/metrics/roster-metrics.ts';
import { openRoster, type Roster } from '../../../src/roster.ts';
import { startServe } from '../../helpers/cli.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../../helpers/dialects.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const METRICS_TOKEN = 'metrics-token-for-tests-0123';

/** The value of one sample of the exposition text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

for (const dialect of await dialects()) {
  describe(`metrics on the main port with ROSTER_METRICS_TOKEN (${dialect})`, { concurrency: 1 }, () => {
    let db: FreshDatabase;
    let roster: Roster;
    let app: FastifyInstance;
    let plain: FastifyInstance;
    let tenantId: string;
    let connectionId: string;
    let secret: string;
    before(async () => {
      db = await freshDatabase(dialect);
      roster = await openRoster({ databaseUrl: db.url, poolSize: 3 });
      const metrics = new RosterMetrics(roster, { maxTenants: 1 });
      app = await buildApp({ roster, logLevel: 'silent', metrics, metricsToken: METRICS_TOKEN });
      plain = await buildApp({ roster, logLevel: 'silent' });
      const tenant = await roster.tenants.findBySlug('default');
      assert.ok(tenant);
      tenantId = tenant.id;
      connectionId = await roster.tokens.ensureConnection(tenantId, 'okta');
      secret = (await roster.tokens.issue(tenantId, connectionId)).secret;
    });
    after(async () => {
      await app.close();
      await plain.close();
      await roster.close();
      await db.drop();
    });

    const scim = (method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown) =>
      app.inject({
        method,
        url: `/scim/v2${path}`,
        headers: {
          ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    const scrape = async (): Promise<string> => {
      const res = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return res.body;
    };

    it('should refuse a missing or wrong token with 401, and not exist without a token configured', async () => {
      const none = await app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      const wrong = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
      });
      assert.equal(wrong.statusCode, 401);
      assert.doesNotMatch(wrong.body, /roster_/);
      assert.equal(
        (await plain.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } }))
          .statusCode,
        404,
      );
      assert.equal(
        (
          await app.inject({
            method: 'GET',
            url: '/metrics/anything',
            headers: { authorization: `Bearer ${METRICS_TOKEN}` },
          })
        ).statusCode,
        404,
      );
    });

    it('should count requests and their latency per route template and status', async () => {
      assert.equal((await scim('POST', '/Users', secret, { schemas: [USER], userName: 'm.one' })).statusCode, 201);
      assert.equal((await scim('POST', '/Users', secret, { schemas: [USER], userName: 'M.ONE' })).statusCode, 409);
      const created = await scim('POST', '/Users', secret, { schemas: [USER], userName: 'm.two' });
      assert.equal((await scim('GET', `/Users/${created.json().id}`, secret)).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/no/such/page' })).statusCode, 404);
      const text = await scrape();
      assert.equal(
        sample(text, 'roster_http_requests_total', { method: 'POST', route: '/scim/v2/Users', status: '201' }),
        2,
      );
      assert.equal(
        sample(text, 'roster_http_requests_total', { method: 'POST', route: '/scim/v2/Users', status: '409' }),
        1,
      );
      assert.equal(
        sample(text, 'roster_http_requests_total', { method: 'GET', route: '/scim/v2/Users/:id', status: '200' }),
        1,
      );
      // This one, and /metrics/anything in the test before.
      assert.equal(sample(text, 'roster_http_requests_total', { route: 'unmatched', status: '404' }), 2);
      assert.equal(sample(text, 'roster_http_requests_total', { method: 'GET', route: '/metrics', status: '401' }), 2);
      assert.equal(
        sample(text, 'roster_http_request_duration_seconds_count', {
          method: 'POST',
          route: '/scim/v2/Users',
          status: '201',
        }),
        2,
      );
      assert.doesNotMatch(text, /m\.one|m\.two/, 'no user data in labels');
    });

    it('should count SCIM requests and errors per tenant and connection, folding tenants beyond the ceiling into other', async () => {
      const acme = await roster.tenants.create('acme-metrics');
      const acmeConnection = await roster.tokens.ensureConnection(acme.id, 'entra');
      const acmeSecret = (await roster.tokens.issue(acme.id, acmeConnection)).secret;
      assert.equal((await scim('GET', '/Users', acmeSecret)).statusCode, 200);
      assert.equal((await scim('GET', '/Users?filter=bad%20filter', acmeSecret)).statusCode, 400);
      const text = await scrape();
      const own = { tenant: tenantId, connection: connectionId, idp: 'okta' };
      assert.equal(sample(text, 'roster_scim_requests_total', { ...own, status_class: '2xx' }), 3);
      assert.equal(sample(text, 'roster_scim_requests_total', { ...own, status_class: '4xx' }), 1);
      const other = { tenant: 'other', connection: 'other', idp: 'entra' };
      assert.equal(sample(text, 'roster_scim_requests_total', { ...other, status_class: '2xx' }), 1);
      assert.equal(sample(text, 'roster_scim_requests_total', { ...other, status_class: '4xx' }), 1);
      assert.doesNotMatch(text, new RegExp(acme.id), 'the second tenant has no label of its own');
    });

    it('should count token failures by reason', async () => {
      const spare = await roster.tokens.issue(tenantId, connectionId);
      await roster.tokens.deactivate(tenantId, spare.id, { kind: 'cli' });
      assert.equal((await scim('GET', '/Users', undefined)).statusCode, 401);
      assert.equal((await scim('GET', '/Users', 'rst_not-a-token')).statusCode, 401);
      assert.equal((await scim('GET', '/Users', 'rst_not-a-token-either')).statusCode, 401);
      assert.equal((await scim('GET', '/Users', spare.secret)).statusCode, 401);
      const text = await scrape();
      assert.equal(sample(text, 'roster_token_auth_failures_total', { reason: 'missing' }), 1);
      assert.equal(sample(text, 'roster_token_auth_failures_total', { reason: 'unknown' }), 2);
      assert.equal(sample(text, 'roster_token_auth_failures_total', { reason: 'inactive' }), 1);
      assert.equal(sample(text, 'roster_token_auth_failures_total', { reason: 'expired' }), undefined);
    });

    it('should report the database, the provisioning log writer, readiness and the Node process', async () => {
      await roster.provisioningLog.flush();
      assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
      const text = await scrape();
      assert.ok((sample(text, 'roster_db_query_duration_seconds_count', { outcome: 'ok' }) ?? 0) > 0);
      assert.ok((sample(text, 'roster_provisioning_log_flush_duration_seconds_count', { outcome: 'ok' }) ?? 0) >= 1);
      assert.equal(sample(text, 'roster_provisioning_log_queue_depth'), 0);
      assert.equal(sample(text, 'roster_provisioning_log_stuck'), 0);
      assert.equal(sample(text, 'roster_ready'), 1);
      assert.notEqual(sample(text, 'nodejs_eventloop_lag_seconds'), undefined);
      assert.notEqual(sample(text, 'process_cpu_user_seconds_total'), undefined);
      const pool = sample(text, 'roster_db_pool_connections', { state: 'idle' });
      if (dialect === 'postgres') assert.ok(pool !== undefined && pool >= 1, 'the pool is reported');
      else assert.equal(pool, undefined, 'SQLite has no pool');
      if (dialect === 'postgres') assert.equal(sample(text, 'roster_db_pool_connections', { state: 'waiting' }), 0);
    });

    it('should offer every metric the example dashboard and alert rules in docs/monitoring use', async () => {
      const text = await scrape();
      const docs = ['grafana-dashboard.json', 'alerts.yml'].map((f) =>
        readFileSync(new URL(`../../../docs/monitoring/${f}`, import.meta.url), 'utf8'),
      );
      JSON.parse(docs[0] ?? '');
      const used = new Set(
        docs.flatMap((d) => [...d.matchAll(/\b((?:roster|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1] ?? '')),
      );
      assert.ok(used.size >= 10, [...used].join());
      for (const name of used) {
        const base = name.replace(/_(bucket|count|sum)$/, '');
        assert.match(text, new RegExp(`^# TYPE ${base} `, 'm'), `${name} is used in docs/monitoring but not offered`);
      }
    });
  });
}

describe('ROSTER_METRICS_PORT', () => {
  it('should serve /metrics, and only /metrics, on a port of its own', async () => {
    const db = await freshDatabase('sqlite');
    const server = await startServe({ ROSTER_DATABASE_URL: db.url, ROSTER_METRICS_PORT: '0' });
    try {
      const origin = /metrics: (http:\/\/[^\s]+)\/metrics/.exec(server.output())?.[1];
      assert.ok(origin, server.output());
      assert.notEqual(origin, server.origin);
      assert.equal((await fetch(`${server.origin}/readyz`)).status, 200);
      const res = await fetch(`${origin}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(sample(await res.text(), 'roster_http_requests_total', { route: '/readyz', status: '200' }), 1);
      for (const path of ['/metrics/extra', '/scim/v2/Users', '/admin', '/']) {
        assert.equal((await fetch(`${origin}${path}`)).status, 404, path);
      }
      assert.equal((await fetch(`${server.origin}/metrics`)).status, 404, 'not on the main port without a token');
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});
