/**
 * directory-mirror: keeps a SQLite copy of a Roster tenant's directory (users, groups,
 * memberships) up to date from Roster's change feed. See README.md.
 *
 *   ROSTER_URL=https://roster.example.com ROSTER_APP_TOKEN=rsa_... MIRROR_DB=mirror.db npx tsx main.ts
 */
import { FeedOutOfOrder, MirrorStore } from './mirror-store.ts';
import { CursorExpired, Refused, RosterFeed } from './roster-feed.ts';

const url = process.env.ROSTER_URL?.replace(/\/+$/, '');
const token = process.env.ROSTER_APP_TOKEN;
if (!url || !token) {
  process.stderr.write('directory-mirror: set ROSTER_URL and ROSTER_APP_TOKEN (and MIRROR_DB, default mirror.db)\n');
  process.exit(2);
}

const store = new MirrorStore(process.env.MIRROR_DB ?? 'mirror.db', process.env.MIRROR_JOURNAL === '1');
const feed = new RosterFeed(url, token);
const stopping = new AbortController();
const log = (message: string): void => void process.stdout.write(`directory-mirror: ${message}\n`);

/** Loads every user and group, and the cursor to follow the feed from, in one local transaction. */
async function loadSnapshot(): Promise<void> {
  log('loading a snapshot');
  const load = store.beginSnapshot();
  try {
    let cursor: string | undefined;
    for await (const line of feed.snapshot(stopping.signal)) {
      switch (line.type) {
        case 'snapshot':
          cursor = line.cursor;
          break;
        case 'user':
        case 'group':
          load.add(line.type, line.resource);
          break;
        case 'end':
          if (cursor === undefined) throw new Error('The snapshot had no cursor');
          load.commit(cursor);
          log(`snapshot loaded: ${line.users} users, ${line.groups} groups`);
          return;
      }
    }
  } finally {
    store.abandonSnapshot();
  }
}

/** Follows the feed until stopped: a long poll, each page applied with its cursor in one transaction. */
async function follow(): Promise<void> {
  let expired = false;
  for (let failures = 0; !stopping.signal.aborted;) {
    try {
      const position = store.position();
      if (!position || expired) {
        await loadSnapshot();
        expired = false;
        continue;
      }
      const page = await feed.events(position.cursor, 30, stopping.signal);
      store.applyPage(page.data, page.nextCursor);
      if (page.data.length > 0) log(`applied ${page.data.length} events through seq ${page.data.at(-1)?.seq}`);
      failures = 0;
    } catch (error) {
      if (stopping.signal.aborted) return;
      if (error instanceof Refused || error instanceof FeedOutOfOrder) throw error;
      if (error instanceof CursorExpired) {
        // Retention deleted events this mirror had not read: only a snapshot restores it.
        log('the cursor expired; loading a snapshot');
        expired = true;
        continue;
      }
      // Roster restarting, a network break: back off (up to 10 s, with jitter) and try again.
      failures++;
      const delay = Math.min(10_000, 100 * 2 ** failures) * (0.5 + Math.random() / 2);
      log(`${describe(error)}; again in ${Math.round(delay)} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** An error and its cause: fetch says "fetch failed" and keeps the reason (ECONNREFUSED...) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message} (${describe(error.cause)})`;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());
try {
  await follow();
} finally {
  store.close();
}
