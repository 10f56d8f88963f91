import { isDeepStrictEqual } from 'node:util';
import { isObject } from '../resource/json-value.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resource-schema.ts';

/**
 * Whether the stored value `existing` already holds `wanted` (both coerced): equal for a
 * simple value; for a complex one, every sub-attribute that `wanted` gives is equal in
 * `existing` (`{ value: 'a@b.c' }` is in `{ value: 'a@b.c', type: 'work' }`). Strings
 * compare case-insensitively unless the attribute is caseExact. Used to skip values an
 * add already finds (RFC 7644 3.5.2.1) and to pick the values a remove names.
 *
 * @example holdsValue(emailsDef, { value: 'A@b.c', type: 'work' }, { value: 'a@B.c' }) // => true
 */
export function holdsValue(def: AttributeDef, existing: unknown, wanted: unknown): boolean {
  if (def.type !== 'complex') return sameValue(def, existing, wanted);
  if (!isObject(existing) || !isObject(wanted)) return false;
  return Object.keys(wanted).every((name) => {
    const sub = findAttribute(def.subAttributes ?? [], name);
    return sub !== undefined && sameValue(sub, existing[name], wanted[name]);
  });
}

function sameValue(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(def, item, b[i]));
  }
  const text = def.type === 'string' || def.type === 'reference';
  if (text && !def.caseExact && typeof a === 'string' && typeof b === 'string') {
    return a.toLowerCase() === b.toLowerCase();
  }
  return isDeepStrictEqual(a, b);
}
