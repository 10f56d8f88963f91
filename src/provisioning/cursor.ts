import { createHash } from 'node:crypto';
import { ScimError } from '../scim/error.ts';
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
 */
export function encodeCursor(position: SortCursor, direction: CursorDirection, key: string): string {
  const payload = { v: position.value, i: position.id, d: direction === 'next' ? 'n' : 'p', q: key };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(text: string, key: string): DecodedCursor {
  const invalid = (why: string) => new ScimError(400, 'invalidCursor', `The cursor is not valid: ${why}`);
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a cursor this server issued');
  }
  if (typeof payload !== 'object' || payload === null) throw invalid('it is not a cursor this server issued');
  const p = payload as Record<string, unknown>;
  const valueOk = p.v === null || typeof p.v === 'string' || typeof p.v === 'number';
  if (typeof p.i !== 'string' || !valueOk || (p.d !== 'n' && p.d !== 'p')) {
    throw invalid('it is not a cursor this server issued');
  }
  if (p.q !== key) throw invalid('it belongs to a request with another filter or sort order');
  return { value: p.v as SortCursor['value'], id: p.i, direction: p.d === 'n' ? 'next' : 'previous' };
}
