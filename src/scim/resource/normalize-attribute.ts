import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resource-schema.ts';
import { badRequest } from '../error.ts';
import { coerceValue, isBlankForType, type OnIgnored } from './coerce-value.ts';
import { isObject } from './json-value.ts';

/** Absent for a required attribute: missing, or text that is empty or only whitespace. */
export const isBlank = (value: unknown): boolean =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * Normalizes the whole value of one attribute as a client wrote it: the shape (array or
 * single value), each value's type through `coerceValue`, and what RFC 7643 says about
 * multi-valued attributes. Returns undefined when nothing is left, so the caller omits it:
 * null, an empty array, and complex values left empty all count as absent.
 *
 * - a multi-valued attribute given one value is taken as a one-element array (lenient);
 *   a single-valued attribute given an array is refused;
 * - a bare string for a single-valued complex attribute with a `value` sub-attribute is
 *   that `value`: Entra sends the enterprise `manager` as the manager's id, `""` for none
 *   (PATCH takes the same shape, see `coerceOne`);
 * - readOnly sub-attributes (`members.display`, `manager.displayName`) are dropped
 *   silently, as RFC 7643 section 7 lets a server ignore them;
 * - at most one element may carry `primary: true` (RFC 7643 section 2.4);
 * - required sub-attributes of a complex value that is present must be there.
 *
 * @throws ScimError 400 invalidValue naming `where`.
 * @example
 * normalizeAttribute(emailsDef, { value: 'a@b.c', primary: 'True' }, 'emails')
 * // => [{ value: 'a@b.c', primary: true }]
 */
export function normalizeAttribute(def: AttributeDef, raw: unknown, where: string, onIgnored?: OnIgnored): unknown {
  if (raw === null || raw === undefined || isBlankForType(def, raw)) return undefined;
  if (!def.multiValued) {
    if (Array.isArray(raw)) {
      throw badRequest('invalidValue', `Attribute "${where}" is single-valued, got an array`);
    }
    if (def.type === 'complex' && typeof raw === 'string' && findAttribute(def.subAttributes ?? [], 'value')) {
      return raw === '' ? undefined : normalizeOne(def, { value: raw }, where, onIgnored);
    }
    return normalizeOne(def, raw, where, onIgnored);
  }
  const items: unknown[] = [];
  for (const value of Array.isArray(raw) ? raw : [raw]) {
    const item = value === null || isBlankForType(def, value) ? undefined : normalizeOne(def, value, where, onIgnored);
    if (item !== undefined) items.push(item);
  }
  if (items.length === 0) return undefined;
  const primaries = items.filter((item) => isObject(item) && item['primary'] === true).length;
  if (primaries > 1) {
    throw badRequest(
      'invalidValue',
      `Attribute "${where}" has ${primaries} values with "primary": true; at most one is allowed`,
    );
  }
  return items;
}

function normalizeOne(def: AttributeDef, raw: unknown, where: string, onIgnored: OnIgnored | undefined): unknown {
  const value = coerceValue(def, raw, where, onIgnored);
  if (def.type !== 'complex' || !isObject(value)) return value;
  const subs = def.subAttributes ?? [];
  const kept: Record<string, unknown> = {};
  for (const sub of subs) {
    if (sub.mutability !== 'readOnly' && Object.hasOwn(value, sub.name)) {
      kept[sub.name] = value[sub.name];
    }
  }
  if (Object.keys(kept).length === 0) return undefined;
  const missing = subs.find((s) => s.required && s.mutability !== 'readOnly' && isBlank(kept[s.name]));
  if (missing) {
    throw badRequest('invalidValue', `Attribute "${where}.${missing.name}" is required`);
  }
  return kept;
}
