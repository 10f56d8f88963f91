import { AdminError } from './admin-error.ts';
import { decodeCursorFields, encodeCursorFields } from './cursor-codec.ts';

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
export const encodeCursor = (cursor: PageCursor): string => encodeCursorFields([cursor.at, cursor.id]);

/**
 * Reads a cursor from {@link encodeCursor}.
 *
 * @throws AdminError `invalid` when the text is not such a cursor.
 * @example decodeCursor(page.nextCursor).at
 */
export function decodeCursor(text: string): PageCursor {
  const [at, id] = decodeCursorFields(text, 2) ?? [];
  if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && (typeof id === 'string' || Number.isSafeInteger(id))) {
    return { at, id: id as string | number };
  }
  throw new AdminError('invalid', 'badCursor');
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
    throw new AdminError('invalid', 'badPageSize', { max: MAX_PAGE_SIZE });
  }
  return requested;
}
