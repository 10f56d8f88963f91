import { createHash } from 'node:crypto';
import { ScimError } from '../scim/error.ts';
import { decodeCursorFields, encodeCursorFields } from '../shared/cursor-codec.ts';
import type { SortCursor } from '../store/keyset-sql.ts';

/** Which way a cursor pages: to the rows after it, or to those before it. */
export type CursorDirection = 'next' | 'previous';

export interface DecodedCursor extends SortCursor {
  readonly direction: CursorDirection;
}

/** Ties a cursor to the query that made it, so it cannot be replayed on another. */
export function queryKey(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

/**
 * An opaque RFC 9865 cursor: the position (sort value and id of a row), the direction and
 * the query it belongs to. Keyset positions never expire: rows added or removed meanwhile
 * neither skip nor repeat the others.
 *
 * @example encodeListCursor({ value: 'smith', id: 'c0ffee…' }, 'next', queryKey(['users', filter]))
 */
export function encodeListCursor(position: SortCursor, direction: CursorDirection, key: string): string {
  return encodeCursorFields([position.value, position.id, direction === 'next' ? 'n' : 'p', key]);
}

/**
 * Reads a cursor from {@link encodeListCursor} for the query whose key is `key`.
 *
 * @throws ScimError 400 invalidCursor when it is not one, or belongs to another query.
 */
export function decodeListCursor(text: string, key: string): DecodedCursor {
  const invalid = (why: string) => new ScimError(400, 'invalidCursor', `The cursor is not valid: ${why}`);
  const [value, id, direction, query] = decodeCursorFields(text, 4) ?? [];
  if (typeof id !== 'string' || value === undefined || (direction !== 'n' && direction !== 'p')) {
    throw invalid('it is not a cursor this server issued');
  }
  if (query !== key) throw invalid('it belongs to a request with another filter or sort order');
  return { value, id, direction: direction === 'n' ? 'next' : 'previous' };
}
