/**
 * The SCIM scenarios of `npm run bench`, each over HTTP against a `roster serve` process:
 * what identity providers and the host application do most, at the sizes the issue names.
 */
import { readFileSync } from 'node:fs';
import { drive, HttpClient, percentiles, type LoadResult } from './load-driver.ts';
import { memberPatchBody } from './member-patch-body.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScenarioSettings {
  readonly concurrency: number;
  readonly seconds: number;
  /** Users created before the scenarios run. */
  readonly users: number;
  /** Members of the big group of the member scenarios. */
  readonly groupMembers: number;
}

/** A measured scenario: throughput, or the latency of single-client requests. */
export interface ScenarioResult {
  readonly name: string;
  readonly result: LoadResult;
}

/** The largest resident set of a process seen while `work` runs, in MiB (Linux /proc). */
export async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = 0;
  const sample = (): void => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // The process is gone: the scenario will report its errors.
    }
  };
  const timer = setInterval(sample, 250);
  try {
    const value = await work();
    sample();
    return { value, peakMiB: peak };
  } finally {
    clearInterval(timer);
  }
}

/** The userName of the `i`th user a run ingests. */
export const userName = (run: string, i: number): string => `user${i}.${run}@example.com`;

/** Single-client latency of `count` calls. */
async function sequential(count: number, send: (i: number) => Promise<number>): Promise<LoadResult> {
  const ms: number[] = [];
  let errors = 0;
  let clientErrors = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const status = await send(i);
    ms.push(performance.now() - t);
    if (status >= 500) errors++;
    else if (status >= 400) clientErrors++;
  }
  return {
    requests: count,
    perSecond: count / ((performance.now() - started) / 1000),
    ...percentiles(ms),
    errors,
    clientErrors,
  };
}

/**
 * Creates `count` users with `concurrency` requests in flight; returns their ids and the load
 * result. `created` hears how many have been created so far, after each one.
 */
export async function ingestUsers(
  client: HttpClient,
  run: string,
  count: number,
  concurrency: number,
  created?: (done: number) => void,
): Promise<{ ids: string[]; result: LoadResult }> {
  const ids = new Array<string>(count);
  let next = 0;
  const started = performance.now();
  let errors = 0;
  let done = 0;
  const loop = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const res = await client.send('POST', '/scim/v2/Users', {
        schemas: [USER],
        userName: userName(run, i),
        externalId: `ext-${i}`,
        active: true,
      });
      if (res.status !== 201) errors++;
      else ids[i] = (JSON.parse(res.body) as { id: string }).id;
      created?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return { ids, result: { requests: count, perSecond: count / seconds, p50: NaN, p99: NaN, errors, clientErrors: 0 } };
}

/** Walks every user with cursor paging, 1,000 a page; `perSecond` counts users. */
async function cursorWalk(client: HttpClient): Promise<{ walked: number; result: LoadResult }> {
  const ms: number[] = [];
  let cursor = '';
  let walked = 0;
  let errors = 0;
  const started = performance.now();
  do {
    const t = performance.now();
    const res = await client.send('GET', `/scim/v2/Users?count=1000&cursor=${encodeURIComponent(cursor)}`);
    ms.push(performance.now() - t);
    if (res.status !== 200) {
      errors++;
      break;
    }
    const page = JSON.parse(res.body) as { nextCursor?: string; Resources: unknown[] };
    walked += page.Resources.length;
    cursor = page.nextCursor ?? '';
  } while (cursor !== '');
  const perSecond = walked / ((performance.now() - started) / 1000);
  return { walked, result: { requests: ms.length, perSecond, ...percentiles(ms), errors, clientErrors: 0 } };
}

/**
 * The scale set: `users` users ingested over HTTP, walked with cursors, listed and filtered
 * by a single client, and a one-member PATCH on a group of `members` beside one on a group
 * of ten.
 */
export async function runScaleSet(
  origin: string,
  token: string,
  settings: ScenarioSettings,
): Promise<ScenarioResult[]> {
  const client = new HttpClient(origin, { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });
  const run = Math.random().toString(36).slice(2, 8);
  const out: ScenarioResult[] = [];
  try {
    const { ids, result: ingest } = await ingestUsers(client, run, settings.users, settings.concurrency);
    out.push({ name: `scale: ingest ${settings.users} users over HTTP (users/s)`, result: ingest });
    const walk = await cursorWalk(client);
    out.push({ name: 'scale: cursor walk, 1,000 a page (users/s)', result: walk.result });
    out.push({
      name: 'scale: GET /Users?count=100, first page (1 client)',
      result: await sequential(200, async () => (await client.send('GET', '/scim/v2/Users?count=100')).status),
    });
    const pick = (i: number): number => (i * 7919) % ids.length;
    out.push({
      name: 'scale: filter userName eq (1 client)',
      result: await sequential(
        1000,
        async (i) =>
          (
            await client.send(
              'GET',
              `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName(run, pick(i))}"`)}`,
            )
          ).status,
      ),
    });
    const outsider = ids[ids.length - 1]!;
    for (const size of [10, settings.groupMembers]) {
      const group = await createGroup(client, `scale-${size}-${run}`);
      await addMembers(client, group, ids.slice(0, Math.min(size, ids.length - 1)));
      const result = await sequential(
        1000,
        async (i) => (await client.send('PATCH', `/scim/v2/Groups/${group}`, memberPatchBody(i, outsider))).status,
      );
      out.push({ name: `scale: PATCH 1 member, ${size}-member group (1 client)`, result });
    }
    return out;
  } finally {
    client.close();
  }
}

/** Adds `ids` to a group, 1,000 per PATCH (as IdPs batch them). */
export async function addMembers(client: HttpClient, groupId: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const value = ids.slice(i, i + 1000).map((id) => ({ value: id }));
    const res = await client.send('PATCH', `/scim/v2/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value }],
    });
    if (res.status !== 204) throw new Error(`adding members: HTTP ${res.status} ${res.body}`);
  }
}

/** Creates an empty group; returns its id. */
export async function createGroup(client: HttpClient, displayName: string): Promise<string> {
  const res = await client.send('POST', '/scim/v2/Groups', { schemas: [GROUP], displayName });
  if (res.status !== 201) throw new Error(`creating a group: HTTP ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { id: string }).id;
}

/**
 * Runs every scenario once on a fresh server, in order; the directory grows as they go
 * (POST and the Entra sync add users), which is what a server sees.
 */
export async function runScenarios(
  origin: string,
  token: string,
  settings: ScenarioSettings,
): Promise<ScenarioResult[]> {
  const { concurrency, seconds } = settings;
  const client = new HttpClient(origin, { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });
  const run = Math.random().toString(36).slice(2, 8);
  const out: ScenarioResult[] = [];
  try {
    const { ids, result: seed } = await ingestUsers(client, run, settings.users, concurrency);
    out.push({ name: `seed: POST /Users x ${settings.users}`, result: seed });
    const pick = (i: number): number => (i * 7919) % ids.length;

    out.push({
      name: 'GET /Users/{id}',
      result: await drive({
        concurrency,
        seconds,
        send: async (i) => (await client.send('GET', `/scim/v2/Users/${ids[pick(i)]}`)).status,
      }),
    });
    const eq = (i: number): string =>
      `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName(run, pick(i))}"`)}`;
    out.push({
      name: 'GET /Users?filter=userName eq',
      result: await drive({ concurrency, seconds, send: async (i) => (await client.send('GET', eq(i))).status }),
    });
    out.push({
      name: 'POST /Users',
      result: await drive({
        concurrency,
        seconds,
        send: async (i) =>
          (
            await client.send('POST', '/scim/v2/Users', {
              schemas: [USER],
              userName: `post${i}.${run}@example.com`,
              active: true,
            })
          ).status,
      }),
    });
    out.push({
      name: 'Entra sync: filter by userName, then POST (objects/s)',
      result: await drive({
        concurrency,
        seconds,
        send: async (i) => {
          const name = `entra${i}.${run}@example.com`;
          const found = await client.send(
            'GET',
            `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`,
          );
          if (found.status !== 200) return found.status;
          return (
            await client.send('POST', '/scim/v2/Users', {
              schemas: [USER],
              userName: name,
              externalId: `entra-${i}`,
              active: true,
            })
          ).status;
        },
      }),
    });

    const walk = await cursorWalk(client);
    out.push({ name: 'cursor walk, 1,000 a page (users/s)', result: walk.result });

    const big = await createGroup(client, `big-${run}`);
    await addMembers(client, big, ids.slice(0, settings.groupMembers));
    const outsider = ids[ids.length - 1]!;
    const memberPatch = (i: number) => client.send('PATCH', `/scim/v2/Groups/${big}`, memberPatchBody(i, outsider));
    out.push({
      name: `PATCH 1 member add/remove, ${settings.groupMembers}-member group (1 client)`,
      result: await sequential(1000, async (i) => (await memberPatch(i)).status),
    });
    out.push({
      name: 'GET /Groups/{id}?excludedAttributes=members',
      result: await drive({
        concurrency,
        seconds,
        send: async () => (await client.send('GET', `/scim/v2/Groups/${big}?excludedAttributes=members`)).status,
      }),
    });
    out.push({
      name: 'mixed: 60% GET, 20% filter, 15% PATCH, 5% POST',
      result: await drive({
        concurrency,
        seconds,
        send: async (i) => {
          const roll = (i * 37) % 100;
          if (roll < 60) return (await client.send('GET', `/scim/v2/Users/${ids[pick(i)]}`)).status;
          if (roll < 80) return (await client.send('GET', eq(i))).status;
          if (roll < 95) {
            const body = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: `Name ${i}` }] };
            return (await client.send('PATCH', `/scim/v2/Users/${ids[pick(i)]}`, body)).status;
          }
          return (
            await client.send('POST', '/scim/v2/Users', { schemas: [USER], userName: `mixed${i}.${run}@example.com` })
          ).status;
        },
      }),
    });
    return out;
  } finally {
    client.close();
  }
}
