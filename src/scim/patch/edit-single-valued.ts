import type { OnIgnored } from '../resource/coerce-value.ts';
import { isObject } from '../resource/json-value.ts';
import { findAttribute, type ResolvedAttribute } from '../schema/resource-schema.ts';
import { coerceOne, coerceWhole } from './coerce-patch-value.ts';
import { targetName } from './target-name.ts';

/**
 * The new value of a single-valued attribute after one operation (undefined: removed).
 * RFC 7644 3.5.2.1 and 3.5.2.3 give add and replace the same meaning here: a simple value
 * is set; a complex value is merged sub-attribute by sub-attribute ("sub-attributes that
 * are not specified in the value parameter are left unchanged"); a path to a sub-attribute
 * (`name.givenName`) sets that one. Within a complex value, a sub-attribute given as null
 * is removed (RFC 7643 2.5: null is unassigned), so `{}` changes nothing; a whole value
 * of null (or Entra's `""` for a manager) removes the attribute.
 *
 * @throws ScimError 400 invalidValue from coercion.
 * @example editSingleValued('replace', nameGivenName, { familyName: 'J' }, 'Barbara', log)
 * // => { familyName: 'J', givenName: 'Barbara' }
 */
export function editSingleValued(
  kind: 'add' | 'replace' | 'remove',
  target: ResolvedAttribute,
  old: unknown,
  value: unknown,
  onIgnored: OnIgnored,
): unknown {
  const where = targetName(target);
  const sub = target.sub;
  if (!sub) {
    if (kind === 'remove') return undefined;
    const next = coerceOne(target.attribute, value, where, onIgnored);
    if (target.attribute.type !== 'complex' || !isObject(value)) return next;
    const merged: Record<string, unknown> = { ...(isObject(old) ? old : {}), ...(isObject(next) ? next : {}) };
    for (const [key, given] of Object.entries(value)) {
      const named = given === null ? findAttribute(target.attribute.subAttributes ?? [], key) : undefined;
      if (named) delete merged[named.name];
    }
    return Object.keys(merged).length > 0 ? merged : undefined;
  }
  const base = isObject(old) ? old : {};
  const subValue = kind === 'remove' ? undefined : coerceWhole(sub, value, where, onIgnored);
  const next = Object.fromEntries(Object.entries(base).filter(([name]) => name !== sub.name));
  if (subValue !== undefined) next[sub.name] = subValue;
  return Object.keys(next).length > 0 ? next : undefined;
}
