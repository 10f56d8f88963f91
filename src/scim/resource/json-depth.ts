/**
 * How deeply a parsed JSON value nests, counted without recursion and given up on as soon
 * as it passes `max`: a body nested 100,000 deep must cost a loop, never the call stack.
 * A scalar is depth 0, `[]` and `{}` depth 1, `[[1]]` depth 2.
 *
 * @example nestsDeeperThan([[['v']]], 2) // => true
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
