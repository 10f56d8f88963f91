/** One change-feed event, as `GET /api/v1/events` returns it (the fields this mirror reads). */
export interface FeedEvent {
  readonly id: string;
  /** Per tenant, contiguous, ascending. */
  readonly seq: number;
  readonly type: string;
  readonly resource: { readonly type: string; readonly id: string; readonly version: string | null };
  readonly data: unknown;
}

export interface FeedPage {
  readonly data: readonly FeedEvent[];
  readonly nextCursor: string;
  readonly hasMore: boolean;
}

/** One line of `GET /api/v1/snapshot`. */
export type SnapshotLine =
  | { readonly type: 'snapshot'; readonly cursor: string }
  | { readonly type: 'user' | 'group'; readonly resource: Record<string, unknown> & { id: string } }
  | { readonly type: 'end'; readonly users: number; readonly groups: number };

/** The cursor is older than the feed keeps (410): start again from a snapshot. */
export class CursorExpired extends Error {}

/** The token was refused (401, 403): retrying will not help. */
export class Refused extends Error {}

/**
 * Roster's feed API, read with an application token (scopes `events:read` and
 * `directory:read`).
 */
export class RosterFeed {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Events after `cursor`, waiting up to `waitSeconds` for the first one when there is none yet. */
  async events(cursor: string, waitSeconds: number, signal?: AbortSignal): Promise<FeedPage> {
    const url = `${this.baseUrl}/api/v1/events?after=${encodeURIComponent(cursor)}&limit=1000&wait=${waitSeconds}`;
    const res = await this.get(url, signal);
    return (await res.json()) as FeedPage;
  }

  /** Every user and group, then an `end` line; a stream without it was cut short. */
  async *snapshot(signal?: AbortSignal): AsyncGenerator<SnapshotLine> {
    const res = await this.get(`${this.baseUrl}/api/v1/snapshot`, signal);
    if (!res.body) throw new Error('The snapshot has no body');
    const decoder = new TextDecoder();
    let buffered = '';
    let ended = false;
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as SnapshotLine;
        buffered = buffered.slice(newline + 1);
        ended = line.type === 'end';
        yield line;
      }
    }
    if (!ended) throw new Error('The snapshot was cut short');
  }

  private async get(url: string, signal?: AbortSignal): Promise<Response> {
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.token}` }, signal });
    if (res.ok) return res;
    const detail = await res.text();
    if (res.status === 410) throw new CursorExpired(detail);
    if (res.status === 401 || res.status === 403) throw new Refused(`${res.status}: ${detail}`);
    throw new Error(`${url}: ${res.status} ${detail}`);
  }
}
