import { isDeepStrictEqual } from 'node:util';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The attribute paths whose values differ between two stored documents, sorted: a
 * top-level attribute by name (`emails`), a sub-attribute of a complex singular one by
 * its dotted path (`name.givenName`), an extension's attribute by its full URN path
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`). Multi-valued
 * attributes are named whole.
 *
 * @example changedPaths({ name: { givenName: 'A' } }, { name: { givenName: 'B' } }) // ['name.givenName']
 */
export function changedPaths(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (isDeepStrictEqual(a, b)) continue;
    if (isObject(a) && isObject(b)) {
      const separator = key.startsWith('urn:') ? ':' : '.';
      for (const sub of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (!isDeepStrictEqual(a[sub], b[sub])) out.push(`${key}${separator}${sub}`);
      }
    } else {
      out.push(key);
    }
  }
  return out.sort();
}
