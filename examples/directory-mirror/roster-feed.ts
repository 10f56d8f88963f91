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

/** How long an answer, or the next part of a snapshot, may keep us waiting before we give up on the connection. */
const ANSWER_MS = 15_000;

/**
 * Runs `work`, but rejects at `ms` even if `work` never settles, after calling `cut` (which
 * aborts the request): a connection that went silent (a proxy that dropped it, a half-open
 * socket) becomes an error to retry, never a wait forever. The timer is ref'd on purpose:
 * while we wait for Roster the process stays alive (without one, Node exited with code 13,
 * "unsettled top-level await", when a fetch behind a proxy was dropped without settling).
 */
async function withDeadline<T>(ms: number, cut: AbortController, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer from Roster within ${ms} ms`);
      cut.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A controller that `withDeadline` aborts, and the signal that follows it and the caller's. */
function cuttable(outer: AbortSignal | undefined): { cut: AbortController; signal: AbortSignal } {
  const cut = new AbortController();
  return { cut, signal: outer ? AbortSignal.any([outer, cut.signal]) : cut.signal };
}

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
    // Roster answers within `waitSeconds`; a page of 1,000 events reads in well under the rest.
    const { cut, signal: bounded } = cuttable(signal);
    return withDeadline(waitSeconds * 1000 + ANSWER_MS, cut, async () => {
      const res = await this.get(url, bounded);
      return (await res.json()) as FeedPage;
    });
  }

  /** Every user and group, then an `end` line; a stream without it was cut short. */
  async *snapshot(signal?: AbortSignal): AsyncGenerator<SnapshotLine> {
    const { cut, signal: bounded } = cuttable(signal);
    const res = await withDeadline(ANSWER_MS, cut, () => this.get(`${this.baseUrl}/api/v1/snapshot`, bounded));
    if (!res.body) throw new Error('The snapshot has no body');
    const decoder = new TextDecoder();
    let buffered = '';
    let ended = false;
    const chunks = res.body[Symbol.asyncIterator]();
    for (;;) {
      // Roster writes the snapshot as fast as it is read: a silence this long is a dead connection.
      const next = await withDeadline(ANSWER_MS, cut, () => chunks.next());
      if (next.done) break;
      const chunk = next.value;
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
