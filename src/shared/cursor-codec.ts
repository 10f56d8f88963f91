/**
 * What a cursor field may hold. Text never holds U+0000 (PostgreSQL text cannot: a
 * forged cursor must not fail the query), numbers are finite.
 */
export type CursorField = string | number | null;

/**
 * The one cursor codec: fields as the base64url of their JSON array, opaque to clients.
 * Every listing's cursor (audit and log pages, directory pages, SCIM cursors) is one.
 *
 * @example encodeCursorFields(['2026-01-02T03:04:05.006Z', 'e3b0…']) // 'WyIyMDI2…'
 */
export const encodeCursorFields = (fields: readonly CursorField[]): string =>
  Buffer.from(JSON.stringify(fields)).toString('base64url');

const usable = (v: unknown): v is CursorField =>
  v === null || (typeof v === 'string' && !v.includes('\u0000')) || (typeof v === 'number' && Number.isFinite(v));

/**
 * The `arity` fields of a cursor from {@link encodeCursorFields}, or undefined when the
 * text is not one; the caller checks what each field must be.
 *
 * @example const [at, id] = decodeCursorFields(text, 2) ?? refuse()
 */
export function decodeCursorFields(text: string, arity: number): CursorField[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.length === arity && parsed.every(usable) ? parsed : undefined;
}
