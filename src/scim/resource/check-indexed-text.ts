import { LIMITS } from '../discovery/limits.ts';
import { badRequest } from '../error.ts';

/**
 * Refuses an indexed text attribute (userName, externalId, displayName) longer than
 * `LIMITS.maxIndexedTextBytes` in UTF-8, the same on every database.
 *
 * @throws ScimError 400 invalidValue naming the attribute and the limit.
 * @example checkIndexedText('userName', 'x'.repeat(3000)) // throws
 */
export function checkIndexedText(name: string, value: unknown): void {
  if (typeof value !== 'string') return;
  // A UTF-16 unit is at most 3 bytes of UTF-8: most values are decided without encoding.
  if (value.length * 3 <= LIMITS.maxIndexedTextBytes) return;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > LIMITS.maxIndexedTextBytes) {
    throw badRequest(
      'invalidValue',
      `Attribute "${name}" is ${bytes} bytes long in UTF-8; the limit is ${LIMITS.maxIndexedTextBytes}`,
    );
  }
}
