/**
 * bench/feed.ts's big membership changes: what one request may carry, and what reaching
 * 100,000 members takes, timed to the response and to the last event in the feed.
 */
import { performance } from 'node:perf_hooks';
import { LIMITS } from '../src/scim/discovery/limits.ts';
import type { FeedConsumer, SeenEvent } from './feed-watch.ts';
import type { HttpClient } from './load-driver.ts';
import type { SeededDirectory } from './seed-directory.ts';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface BigChange {
  readonly label: string;
  readonly members: number;
  readonly requests: number;
  /** From the first request sent to the last response, seconds. */
  readonly responseS: number;
  /** From the first request sent to the last of its events at the consumer, seconds. */
  readonly visibleS: number;
  readonly events: number;
  /** Member ids counted across its `group.members_added` events. */
  readonly ids: number;
  /** Each request's events hold consecutive seqs, and the whole feed read so far has no gap. */
  readonly contiguous: boolean;
}

const patchBody = (ids: readonly string[]): object => ({
  schemas: [PATCH],
  Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
});
const postBody = (ids: readonly string[]): object => ({
  schemas: [GROUP],
  displayName: `Big ${ids.length}`,
  members: ids.map((value) => ({ value })),
});

/** The most of `ids` whose body fits the request body limit (every id is 36 characters). */
function largest(body: (ids: readonly string[]) => object, ids: readonly string[]): number {
  const empty = JSON.stringify(body([])).length;
  const each = JSON.stringify({ value: ids[0] }).length + 1;
  const n = Math.floor((LIMITS.maxPayloadSize - empty + 1) / each);
  if (Buffer.byteLength(JSON.stringify(body(ids.slice(0, n)))) > LIMITS.maxPayloadSize) throw new Error('miscounted');
  return n;
}

async function measure(
  label: string,
  consumer: FeedConsumer,
  expected: number,
  send: () => Promise<{ groupId: string; requests: number }>,
): Promise<BigChange> {
  const mark = consumer.events.length;
  const started = performance.now();
  const { groupId, requests } = await send();
  const answered = performance.now();
  const mine = (events: readonly SeenEvent[]): SeenEvent[] =>
    events.slice(mark).filter((e) => e.type === 'group.members_added' && e.resourceId === groupId);
  const count = (events: readonly SeenEvent[]): number => events.reduce((n, e) => n + e.members, 0);
  await consumer.until((events) => count(mine(events)) >= expected, 600_000);
  const events = mine(consumer.events);
  const byTxn = new Map<string | null, SeenEvent[]>();
  for (const e of events) byTxn.set(e.txn, [...(byTxn.get(e.txn) ?? []), e]);
  const all = consumer.events;
  const contiguous =
    [...byTxn.values()].every((es) => es.at(-1)!.seq - es[0]!.seq + 1 === es.length) &&
    all.every((e, i) => e.seq === all[0]!.seq + i);
  return {
    label,
    members: expected,
    requests,
    responseS: (answered - started) / 1000,
    visibleS: (Math.max(...events.map((e) => e.at)) - started) / 1000,
    events: events.length,
    ids: count(events),
    contiguous,
  };
}

async function ok(scim: HttpClient, method: string, path: string, body: object): Promise<string> {
  const res = await scim.send(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body.slice(0, 500)}`);
  return res.body;
}

/**
 * The largest PATCH add and POST /Groups one request may carry, then PATCHes of `chunk`
 * until the seeded group has every seeded user.
 */
export async function bigChanges(
  scim: HttpClient,
  consumer: FeedConsumer,
  seeded: SeededDirectory,
  chunk: number,
): Promise<BigChange[]> {
  const { ids, groupId } = seeded;
  const inPatch = largest(patchBody, ids);
  const inPost = largest(postBody, ids);
  const results = [
    await measure('one PATCH add, largest body', consumer, inPatch, async () => {
      await ok(scim, 'PATCH', `/scim/v2/Groups/${groupId}`, patchBody(ids.slice(0, inPatch)));
      return { groupId, requests: 1 };
    }),
    await measure('one POST /Groups, largest body', consumer, inPost, async () => {
      const body = await ok(scim, 'POST', '/scim/v2/Groups', postBody(ids.slice(0, inPost)));
      return { groupId: (JSON.parse(body) as { id: string }).id, requests: 1 };
    }),
    await measure(`the rest to ${ids.length} in PATCHes of ${chunk}`, consumer, ids.length - inPatch, async () => {
      let requests = 0;
      for (let i = inPatch; i < ids.length; i += chunk, requests++) {
        await ok(scim, 'PATCH', `/scim/v2/Groups/${groupId}`, patchBody(ids.slice(i, i + chunk)));
      }
      return { groupId, requests };
    }),
  ];
  return results;
}
