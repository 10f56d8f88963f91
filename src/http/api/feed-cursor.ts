import { decodeCursorFields, encodeCursorFields } from '../../shared/cursor-codec.ts';

const KIND = 'feed';

/**
 * A feed position as clients see it: opaque (the shared cursor codec over the seq), so
 * its form can change without breaking them.
 *
 * @example encodeFeedCursor(42) // 'WyJmZWVkIiw0Ml0'
 */
export const encodeFeedCursor = (seq: number): string => encodeCursorFields([KIND, seq]);

/** The seq a cursor from {@link encodeFeedCursor} holds, or undefined when the text is not one. */
export function decodeFeedCursor(text: string): number | undefined {
  const fields = decodeCursorFields(text, 2);
  if (!fields || fields[0] !== KIND) return undefined;
  const seq = fields[1];
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : undefined;
}
