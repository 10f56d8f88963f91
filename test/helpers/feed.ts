import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../src/roster.ts';
import { openStore } from '../../src/store/open-store.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';

export interface ApiResponse {
  readonly status: number;
  readonly body: any;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly text: string;
}

/** A request to the feed API with an application token (none when `token` is undefined). */
export async function api(app: FastifyInstance, token: string | undefined, path: string): Promise<ApiResponse> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1${path}`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, body, headers: res.headers, text: res.body };
}

/** Issues an application token in the tenant, through the service the CLI and portal use. */
export async function appToken(roster: Roster, tenantId: string, name: string, scopes?: string): Promise<string> {
  const { secret } = await roster.applications.issue(tenantId, {
    name,
    actor: { kind: 'cli', user: 'test' },
    ...(scopes !== undefined ? { scopes } : {}),
  });
  return secret;
}

/**
 * Writes `count` events of a tenant through the outbox, as a committed write would (on a
 * connection of its own), without touching users or groups: for tests of the feed's
 * mechanics (paging, waiting, retention) that need many events fast.
 */
export async function writeEvents(
  databaseUrl: string,
  tenantId: string,
  count: number,
  type = 'user.updated',
): Promise<void> {
  const store = openStore({ url: databaseUrl, poolSize: 1 });
  try {
    await writeTransaction(store, async (_trx, outbox) => {
      for (let i = 0; i < count; i++) {
        await outbox.add(
          { tenantId },
          { type, resourceType: 'User', resourceId: `synthetic-${i}`, version: `W/"${i + 1}"`, data: { i } },
        );
      }
    });
  } finally {
    await store.close();
  }
}

/** The feed's current end for the token: the cursor to read only what happens next. */
export async function feedEnd(app: FastifyInstance, token: string): Promise<string> {
  let cursor: string | undefined;
  for (;;) {
    const res = await api(app, token, `/events?limit=1000${cursor ? `&after=${cursor}` : ''}`);
    if (res.status !== 200) throw new Error(`feed: ${res.status} ${res.text}`);
    cursor = res.body.nextCursor as string;
    if (!res.body.hasMore) return cursor;
  }
}
