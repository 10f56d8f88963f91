import { AdminError } from './admin-error.ts';

/** A row's place in a newest-first listing: its time, then its id to break ties. */
export interface PageCursor {
  readonly at: string;
  readonly id: string | number;
}

/**
 * The opaque cursor handed out with a page, naming its last row; the next page holds the
 * rows strictly older than it (keyset paging: stable while new rows arrive, and each page
 * costs the same however deep).
 *
 * @example encodeCursor({ at: '2026-01-02T03:04:05.006Z', id: 'e3b0…' }) // 'WyIyMDI2…'
 */
export const encodeCursor = (cursor: PageCursor): string =>
  Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');

/**
 * Reads a cursor from {@link encodeCursor}.
 *
 * @throws AdminError `invalid` when the text is not such a cursor.
 * @example decodeCursor(page.nextCursor).at
 */
export function decodeCursor(text: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    !Number.isNaN(Date.parse(parsed[0])) &&
    ((typeof parsed[1] === 'string' && !parsed[1].includes('\u0000')) || Number.isSafeInteger(parsed[1]))
  ) {
    return { at: parsed[0], id: parsed[1] as string | number };
  }
  throw new AdminError('invalid', 'The cursor is not one this listing handed out');
}

/** Rows per page when none is asked for, and the most one page may hold. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * The page size to use for a requested one.
 *
 * @throws AdminError `invalid` unless it is a whole number from 1 to {@link MAX_PAGE_SIZE}.
 * @example pageSize(undefined) // 50
 */
export function pageSize(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_PAGE_SIZE) {
    throw new AdminError('invalid', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return requested;
}
