import { badRequest } from '../error.ts';
import { coerceValue, isBlankForType, type OnIgnored } from '../resource/coerce-value.ts';
import { isObject } from '../resource/json-value.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resource-schema.ts';

/**
 * Coerces one value of `def` (one element, for a multi-valued attribute) with
 * `coerceValue`, plus the PATCH leniencies:
 *
 * - a one-element array for a single-valued attribute is that element (Keycloak's SCIM
 *   client sends `"value": [44]`); a longer one is refused;
 * - a bare string for a single-valued complex attribute that has a `value`
 *   sub-attribute is that `value` (Entra sets the manager as `"value": "<id>"`); an empty
 *   string there is absent, as Entra clears a manager with `""`. Not for multi-valued
 *   ones: `"emails": "a@b.c"` is as wrong in a PATCH as in a POST;
 * - readOnly sub-attributes (`manager.displayName`) are dropped, as RFC 7643 section 7
 *   lets a server ignore them;
 * - a complex value left without sub-attributes is absent.
 *
 * Returns undefined for an absent value (null, `{}`, `""` for a boolean, number or
 * dateTime), which the caller treats as a removal.
 *
 * @throws ScimError 400 invalidValue naming `where`.
 * @example coerceOne(managerDef, 'u-42', 'urn:...:User:manager') // => { value: 'u-42' }
 */
export function coerceOne(def: AttributeDef, raw: unknown, where: string, onIgnored: OnIgnored): unknown {
  // Keycloak's SCIM client (scim-sdk's PatchBuilder.valueNode) wraps the value of a
  // single-valued path in a one-element array: that array is its one value.
  // One level only: `[["v"]]` is no IdP's habit, and is refused below like any array.
  if (Array.isArray(raw) && raw.length === 1 && !def.multiValued) raw = raw[0];
  if (raw === null || raw === undefined || isBlankForType(def, raw)) return undefined;
  if (Array.isArray(raw)) throw badRequest('invalidValue', `Attribute "${where}" takes one value here, got an array`);
  let value = raw;
  const bareValue = def.type === 'complex' && !def.multiValued && typeof raw === 'string';
  if (bareValue && findAttribute(def.subAttributes ?? [], 'value')) {
    if (raw === '') return undefined;
    value = { value: raw };
  }
  const coerced = coerceValue(def, value, where, onIgnored);
  if (def.type !== 'complex' || !isObject(coerced)) return coerced;
  const kept = Object.fromEntries(
    Object.entries(coerced).filter(([name]) => findAttribute(def.subAttributes ?? [], name)?.mutability !== 'readOnly'),
  );
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * Coerces the values given for a multi-valued attribute: an array, or one value taken as
 * a one-element array (clients send `"value": {...}` where an array is due). Absent
 * elements are dropped.
 *
 * @example coerceMany(emailsDef, { value: 'a@b.c' }, 'emails', log) // => [{ value: 'a@b.c' }]
 */
export function coerceMany(def: AttributeDef, raw: unknown, where: string, onIgnored: OnIgnored): unknown[] {
  if (raw === null || raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map((item: unknown) => coerceOne(def, item, where, onIgnored)).filter((v) => v !== undefined);
}

/**
 * The whole value of an attribute or sub-attribute: an array for a multi-valued one, else
 * one value; undefined when nothing is left.
 *
 * @example coerceWhole(attr('tags', 'string', { multiValued: true }), 'a', 'tags', log) // => ['a']
 */
export function coerceWhole(def: AttributeDef, raw: unknown, where: string, onIgnored: OnIgnored): unknown {
  if (!def.multiValued) return coerceOne(def, raw, where, onIgnored);
  const items = coerceMany(def, raw, where, onIgnored);
  return items.length > 0 ? items : undefined;
}
