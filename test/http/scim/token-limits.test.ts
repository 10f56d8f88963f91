import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../../src/http/app.ts';
import { RosterMetrics } from '../../../src/http/metrics/roster-metrics.ts';
import type { TokenLimits } from '../../../src/shared/token-limits.ts';
import { openRoster } from '../../../src/roster.ts';
import { dialects, freshDatabase } from '../../helpers/dialects.ts';
import { manualClock, type ManualClock } from '../../helpers/manual-clock.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

/** A Roster listening on a free port with `limits`, a token in each of two tenants. */
async function limitedServer(dialect: Parameters<typeof freshDatabase>[0], limits: TokenLimits) {
  const db = await freshDatabase(dialect);
  const clock = manualClock();
  const roster = await openRoster({ databaseUrl: db.url, poolSize: 4, clock });
  const metrics = new RosterMetrics(roster, { maxTenants: 10 });
  const app = await buildApp({
    roster,
    logLevel: 'silent',
    metrics,
    metricsToken: 'metrics-token-0123456789',
    tokenLimits: limits,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokenOf = async (slug: string) => {
    const tenant = (await roster.tenants.findBySlug(slug)) ?? (await roster.tenants.create(slug));
    const connection = await roster.tokens.ensureConnection(tenant.id, 'entra');
    return { tenantId: tenant.id, ...(await roster.tokens.issue(tenant.id, connection)) };
  };
  return {
    db,
    clock,
    roster,
    app,
    origin,
    a: await tokenOf('default'),
    b: await tokenOf('other'),
    close: async () => {
      await app.close();
      await roster.close();
      await db.drop();
    },
  };
}

/**
 * A SCIM request over its own connection; with `hold`, half the body is sent and the rest
 * only on `finish()`, so the request stays in flight until then.
 */
function send(
  origin: string,
  secret: string,
  method: string,
  path: string,
  body?: unknown,
  hold = false,
): { answer: Promise<Answer>; finish: () => void; sent: Promise<void> } {
  const text = body === undefined ? '' : JSON.stringify(body);
  const req = request(`${origin}/scim/v2${path}`, {
    method,
    agent: false,
    headers: {
      authorization: `Bearer ${secret}`,
      ...(body !== undefined
        ? { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(text) }
        : {}),
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let raw = '';
      res.on('data', (d) => (raw += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw ? JSON.parse(raw) : undefined }),
      );
    });
  });
  const half = Math.floor(text.length / 2);
  // `sent`: what is sent now has left this process (the connection is open and the bytes
  // are the kernel's), so a request sent after it on another connection reaches the server later.
  if (hold) {
    const sent = new Promise<void>((resolve) => req.write(text.slice(0, half), () => resolve()));
    return { answer, finish: () => req.end(text.slice(half)), sent };
  }
  const sent = new Promise<void>((resolve) => req.end(text, () => resolve()));
  return { answer, finish: () => undefined, sent };
}

function assertTooMany(res: Answer, retryAfter: string): void {
  assert.equal(res.status, 429, JSON.stringify(res.body));
  assert.equal(res.headers['retry-after'], retryAfter);
  assert.match(String(res.headers['content-type']), /^application\/scim\+json/);
  assert.deepEqual(res.body.schemas, [ERROR]);
  assert.equal(res.body.status, '429');
  assert.match(res.body.detail, /Too many requests for this token/);
}

/** The value of one sample of the exposition text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

for (const dialect of await dialects()) {
  describe(`per-token limits on the SCIM API (${dialect})`, () => {
    describe('requests at once', () => {
      let s: Awaited<ReturnType<typeof limitedServer>>;
      before(async () => {
        s = await limitedServer(dialect, { maxInFlight: 2, sharedInFlight: 2, maxQueued: 1, ratePerSecond: 0 });
      });
      after(() => s.close());

      it("should answer 429 with Retry-After beyond one token's limit while another token's requests are all answered", async () => {
        // Four of token A's writes at once, their bodies held back: two are worked on, one
        // waits in line, the fourth is refused straight away.
        const held = [0, 1, 2, 3].map((i) =>
          send(s.origin, s.a.secret, 'POST', '/Users', { schemas: [USER], userName: `flood.${i}` }, true),
        );
        const first = await Promise.race(held.map((h) => h.answer));
        assertTooMany(first, '1');
        // A's requests that are complete are refused while its four hold their places...
        const more = await Promise.all([0, 1, 2].map(() => send(s.origin, s.a.secret, 'GET', '/Users?count=1').answer));
        for (const res of more) assertTooMany(res, '1');
        // ...and B's, reads and writes, one after another, are answered meanwhile.
        const others: number[] = [];
        for (let i = 0; i < 5; i++) {
          const body = { schemas: [USER], userName: `b.${i}` };
          others.push((await send(s.origin, s.b.secret, 'POST', '/Users', body).answer).status);
          others.push((await send(s.origin, s.b.secret, 'GET', '/Users').answer).status);
        }
        assert.deepEqual(others, [201, 200, 201, 200, 201, 200, 201, 200, 201, 200]);
        // A's bodies arrive: the three it still holds are answered, in and from the line.
        for (const h of held) h.finish();
        const statuses = (await Promise.all(held.map((h) => h.answer))).map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, 201, 201, 429]);
        // The limit resets as A's requests end.
        const after = await Promise.all([0, 1].map(() => send(s.origin, s.a.secret, 'GET', '/Users').answer));
        assert.deepEqual(
          after.map((r) => [r.status, r.body.totalResults]),
          [
            [200, 3],
            [200, 3],
          ],
        );
      });

      it('should note each 429 in the provisioning log and count it in the metrics', async () => {
        await s.roster.provisioningLog.flush();
        const page = await s.roster.provisioningLog.query({ tenantId: s.a.tenantId, errorsOnly: true, limit: 100 });
        const refused = page.entries.filter((e) => e.status === 429);
        assert.equal(refused.length, 4);
        assert.match(refused[0]?.detail ?? '', /Too many requests for this token \(2 requests at once and 1 waiting\)/);
        const other = await s.roster.provisioningLog.query({ tenantId: s.b.tenantId, errorsOnly: true, limit: 100 });
        assert.deepEqual(other.entries, []);
        const scrape = await s.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: 'Bearer metrics-token-0123456789' },
        });
        assert.equal(
          sample(scrape.body, 'roster_scim_throttled_total', { tenant: s.a.tenantId, reason: 'concurrency' }),
          4,
        );
        assert.equal(sample(scrape.body, 'roster_scim_throttled_total', { tenant: s.b.tenantId }), undefined);
      });
    });

    describe('a line being served', () => {
      let s: Awaited<ReturnType<typeof limitedServer>>;
      before(async () => {
        s = await limitedServer(dialect, { maxInFlight: 2, sharedInFlight: 2, maxQueued: 64, ratePerSecond: 0 });
      });
      after(() => s.close());

      it("should serve a token's whole line while another tenant's token is answered without waiting in it", async () => {
        // Token A sends 40 writes at once: 2 are worked on, 38 wait, and the line moves at
        // later turns of the event loop as A's requests end.
        const flood = Array.from(
          { length: 40 },
          (_, i) => send(s.origin, s.a.secret, 'POST', '/Users', { schemas: [USER], userName: `line.${i}` }).answer,
        );
        // Meanwhile token B (another tenant) reads and writes one request at a time.
        const others: number[] = [];
        for (let i = 0; i < 5; i++) {
          const body = { schemas: [USER], userName: `quiet.${i}` };
          others.push((await send(s.origin, s.b.secret, 'POST', '/Users', body).answer).status);
          others.push((await send(s.origin, s.b.secret, 'GET', '/Users?count=1').answer).status);
        }
        assert.deepEqual(others, [201, 200, 201, 200, 201, 200, 201, 200, 201, 200]);
        // Every request of A's line is answered, each once: none refused, none lost.
        const statuses = (await Promise.all(flood)).map((r) => r.status);
        assert.deepEqual(statuses, Array<number>(40).fill(201));
        const list = await send(s.origin, s.a.secret, 'GET', '/Users?count=1').answer;
        assert.equal(list.body.totalResults, 40);
      });
    });

    describe('a freed slot', () => {
      let s: Awaited<ReturnType<typeof limitedServer>>;
      before(async () => {
        s = await limitedServer(dialect, { maxInFlight: 1, sharedInFlight: 1, maxQueued: 1, ratePerSecond: 0 });
      });
      after(() => s.close());

      it('should pass to the head of the line, never to a request that arrives after it', async () => {
        // A's one slot is held by a write whose body is still on its way; B's round trips
        // let each of A's requests reach the server before the next is sent.
        const held = send(s.origin, s.a.secret, 'POST', '/Users', { schemas: [USER], userName: 'held' }, true);
        try {
          await held.sent;
          assert.equal((await send(s.origin, s.b.secret, 'GET', '/Users?count=1').answer).status, 200);
          const waiting = send(s.origin, s.a.secret, 'POST', '/Users', { schemas: [USER], userName: 'waited' });
          await waiting.sent;
          assert.equal((await send(s.origin, s.b.secret, 'GET', '/Users?count=1').answer).status, 200);
          // The line (one) is full: a third request is refused at once, and the write waits.
          const first = await Promise.race([
            send(s.origin, s.a.secret, 'GET', '/Users?count=1').answer.then((r) => ({ who: 'probe', r })),
            waiting.answer.then((r) => ({ who: 'waiting', r })),
          ]);
          assert.equal(first.who, 'probe', 'the write should wait in line behind the held one');
          assertTooMany(first.r, '1');
          held.finish();
          assert.equal((await held.answer).status, 201);
          // A newcomer sent as soon as the held write is answered either finds the line still
          // full (429) or waits behind the write: it never runs before it.
          const filter = encodeURIComponent('userName eq "waited"');
          const newcomer = await send(s.origin, s.a.secret, 'GET', `/Users?filter=${filter}`).answer;
          if (newcomer.status !== 429) assert.equal(newcomer.body.totalResults, 1, JSON.stringify(newcomer.body));
          assert.equal((await waiting.answer).status, 201);
        } finally {
          held.finish();
        }
      });
    });

    describe('a token sharing the instance', () => {
      let s: Awaited<ReturnType<typeof limitedServer>>;
      before(async () => {
        // No line: a request beyond the limit in force is refused at once, which shows the limit.
        s = await limitedServer(dialect, { maxInFlight: 3, sharedInFlight: 1, maxQueued: 0, ratePerSecond: 0 });
      });
      after(() => s.close());

      /**
       * Sends `limit + 1` of A's writes with their bodies held back: `limit` are worked on and
       * wait for their bodies, so the first answer is the one refused. Then lets the rest finish.
       */
      const probe = async (limit: number, tag: string) => {
        const held = Array.from({ length: limit + 1 }, (_, i) =>
          send(s.origin, s.a.secret, 'POST', '/Users', { schemas: [USER], userName: `${tag}.${i}` }, true),
        );
        let timer: NodeJS.Timeout | undefined;
        const none = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`none of ${limit + 1} requests was refused`)), 10_000);
        });
        const refused = await Promise.race([...held.map((h) => h.answer), none]).finally(() => {
          clearTimeout(timer);
          for (const h of held) h.finish();
        });
        const statuses = (await Promise.all(held.map((h) => h.answer))).map((r) => r.status).sort();
        return { refused, statuses };
      };

      it('should give a token its full limit alone, the shared one while another token is at work, and the full one a second after', async () => {
        // Alone: three at once, a fourth refused.
        const alone = await probe(3, 'alone');
        assertTooMany(alone.refused, '1');
        assert.match(alone.refused.body.detail, /\(3 requests at once and 0 waiting\)/);
        assert.deepEqual(alone.statuses, [201, 201, 201, 429]);
        // Another tenant's token starts a request: from then on A has one at a time.
        assert.equal((await send(s.origin, s.b.secret, 'GET', '/Users?count=0').answer).status, 200);
        const shared = await probe(1, 'shared');
        assertTooMany(shared.refused, '1');
        assert.match(shared.refused.body.detail, /\(1 requests at once and 0 waiting\)/);
        assert.deepEqual(shared.statuses, [201, 429]);
        // A second after B's last request, A has the instance to itself again.
        s.clock.advance(1000);
        const later = await probe(3, 'later');
        assertTooMany(later.refused, '1');
        assert.deepEqual(later.statuses, [201, 201, 201, 429]);
      });
    });

    describe('requests a second', () => {
      let s: Awaited<ReturnType<typeof limitedServer>>;
      let clock: ManualClock;
      before(async () => {
        s = await limitedServer(dialect, { maxInFlight: 8, sharedInFlight: 8, maxQueued: 8, ratePerSecond: 25 });
        clock = s.clock;
      });
      after(() => s.close());

      const get = (secret: string) =>
        s.app.inject({ method: 'GET', url: '/scim/v2/Users?count=1', headers: { authorization: `Bearer ${secret}` } });

      it('should refuse a token past its rate and burst, answer other tokens, and refill with time', async () => {
        // A burst of two seconds' worth (50) passes; the clock stands still meanwhile.
        for (let i = 0; i < 50; i++) assert.equal((await get(s.a.secret)).statusCode, 200, `request ${i}`);
        const refused = await get(s.a.secret);
        assert.equal(refused.statusCode, 429);
        assert.equal(refused.headers['retry-after'], '1');
        assert.equal(JSON.parse(refused.body).status, '429');
        assert.equal((await get(s.b.secret)).statusCode, 200);
        clock.advance(1000);
        for (let i = 0; i < 25; i++) assert.equal((await get(s.a.secret)).statusCode, 200, `after a second, ${i}`);
        assert.equal((await get(s.a.secret)).statusCode, 429);
      });
    });
  });
}
