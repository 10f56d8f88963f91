import { AdminError } from '../shared/admin-error.ts';

/** A row's place in a directory listing: its sort key, then its id to break ties. */
export interface DirectoryCursor {
  readonly key: string;
  readonly id: string;
}

/**
 * The opaque cursor handed out with a directory page, naming its last row.
 *
 * @example encodeDirectoryCursor({ key: 'ann@example.com', id: '3f2a…' }) // 'WyJhbm5A…'
 */
export const encodeDirectoryCursor = (cursor: DirectoryCursor): string =>
  Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');

/**
 * Reads a cursor from {@link encodeDirectoryCursor}.
 *
 * @throws AdminError `invalid` when the text is not such a cursor.
 * @example decodeDirectoryCursor(page.nextCursor).key
 */
export function decodeDirectoryCursor(text: string): DirectoryCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  // PostgreSQL text cannot hold U+0000: a forged cursor must not fail the query.
  const usable = (v: unknown): v is string => typeof v === 'string' && !v.includes('\u0000');
  if (Array.isArray(parsed) && parsed.length === 2 && usable(parsed[0]) && usable(parsed[1])) {
    return { key: parsed[0], id: parsed[1] };
  }
  throw new AdminError('invalid', 'The page link is not one this listing handed out');
}
