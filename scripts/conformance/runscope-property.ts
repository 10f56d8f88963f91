/**
 * Reads a Runscope JSON property path (`Resources[0].name.familyName`) from a parsed body:
 * dotted keys and `[n]` indexes, nothing more. A key applied to an array does not reach
 * into its elements (Runscope documents no such projection), so it reads as undefined.
 *
 * @example readProperty({ Resources: [{ id: 'a' }] }, 'Resources[0].id') // 'a'
 */
export function readProperty(json: unknown, path: string): unknown {
  let current: unknown = json;
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const [, key, index] = match;
    if (index !== undefined) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index)];
    } else if (key !== undefined) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}
