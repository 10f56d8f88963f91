import { badRequest } from '../error.ts';
import type { Filter } from '../filter/ast.ts';
import { matchesValueFilter } from '../filter/evaluate-filter.ts';
import type { OnIgnored } from '../resource/coerce-value.ts';
import { isObject } from '../resource/json-value.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute, type ResolvedAttribute, type ResourceSchema } from '../schema/resource-schema.ts';
import { coerceMany, coerceOne, coerceWhole } from './coerce-patch-value.ts';
import { eqTerms } from './eq-terms.ts';
import { holdsValue } from './same-value.ts';
import type { PatchPath } from './patch-path.ts';
import { targetName } from './target-name.ts';

type Kind = 'add' | 'replace' | 'remove';
type Element = Readonly<Record<string, unknown>>;

/**
 * The new values of a multi-valued attribute after one operation (undefined: none left).
 *
 * - `emails`: add appends the values not already held (`holdsValue`), replace replaces
 *   all, remove removes all or, given a value (Entra), the values it names;
 * - `emails.display` (no filter): sets or removes that sub-attribute on every element;
 * - `emails[filter]`: add merges the value into the matching elements, replace replaces
 *   them, remove removes them; with `.sub`, that sub-attribute of each match is set or
 *   removed. When nothing matches, add and replace append the element an `eq`-only filter
 *   describes (`eqTerms`), or fail with noTarget; remove does nothing.
 *
 * An element that gets `primary: true` takes it from the others (RFC 7644 3.5.2).
 *
 * @throws ScimError 400 invalidValue from coercion, noTarget when no element matches.
 * @example editMultiValued('replace', rs, parsePatchPath(rs, 'emails[type eq "work"].value'),
 *   [{ value: 'old@x.org', type: 'work' }], 'new@x.org', log)
 * // => [{ value: 'new@x.org', type: 'work' }]
 */
export function editMultiValued(
  kind: Kind,
  rs: ResourceSchema,
  path: Extract<PatchPath, { kind: 'attribute' | 'valuePath' }>,
  old: unknown,
  value: unknown,
  onIgnored: OnIgnored,
): unknown {
  const { target } = path;
  const before: readonly unknown[] = Array.isArray(old) ? old : old === undefined || old === null ? [] : [old];
  const after =
    path.kind === 'valuePath'
      ? editSelected(kind, rs, target, path.filter, path.text, before, value, onIgnored)
      : target.sub
        ? editEverySub(kind, target, target.sub, before, value, onIgnored)
        : editAll(kind, target, before, value, onIgnored);
  const fixed = withOnePrimary(target.attribute, before, after);
  return fixed.length > 0 ? fixed : undefined;
}

function editAll(
  kind: Kind,
  target: ResolvedAttribute,
  items: readonly unknown[],
  value: unknown,
  onIgnored: OnIgnored,
): readonly unknown[] {
  const def = target.attribute;
  const given = (): unknown[] => coerceMany(def, value, targetName(target), onIgnored);
  switch (kind) {
    case 'replace':
      return given();
    case 'add': {
      const out = [...items];
      for (const v of given()) if (!out.some((e) => holdsValue(def, e, v))) out.push(v);
      return out;
    }
    case 'remove': {
      if (value === undefined || value === null) return [];
      const wanted = given();
      return items.filter((e) => !wanted.some((w) => holdsValue(def, e, w)));
    }
  }
}

function editEverySub(
  kind: Kind,
  target: ResolvedAttribute,
  sub: AttributeDef,
  items: readonly unknown[],
  value: unknown,
  onIgnored: OnIgnored,
): readonly unknown[] {
  const subValue = kind === 'remove' ? undefined : coerceWhole(sub, value, targetName(target), onIgnored);
  if (subValue === undefined) return nonEmpty(items.map((e) => without(e, sub.name)));
  if (items.length === 0) return [{ [sub.name]: subValue }];
  return items.map((e) => ({ ...asElement(e), [sub.name]: subValue }));
}

function editSelected(
  kind: Kind,
  rs: ResourceSchema,
  target: ResolvedAttribute,
  filter: Filter,
  text: string,
  items: readonly unknown[],
  value: unknown,
  onIgnored: OnIgnored,
): readonly unknown[] {
  const def = target.attribute;
  const sub = target.sub;
  const docPath = sub ? target.docPath.slice(0, -1) : target.docPath;
  const outer: ResolvedAttribute = { ...target, sub: undefined, docPath };
  const hits = items.map((e) => matchesValueFilter(filter, rs, outer, e));
  const where = targetName(target);
  let given: unknown;
  if (kind !== 'remove' && sub) given = coerceWhole(sub, value, where, onIgnored);
  if (kind !== 'remove' && !sub) {
    const values = coerceMany(def, value, where, onIgnored);
    if (values.length > 1) {
      throw badRequest('invalidValue', `"${text}" selects elements to ${kind}; give one value, not ${values.length}`);
    }
    given = values[0];
  }
  if (given === undefined) {
    // remove, or add/replace with nothing (null): the selection goes away.
    return sub ? nonEmpty(items.map((e, i) => (hits[i] ? without(e, sub.name) : e))) : items.filter((_, i) => !hits[i]);
  }
  if (hits.some(Boolean)) {
    return items.map((e, i) => {
      if (!hits[i]) return e;
      if (sub) return { ...asElement(e), [sub.name]: given };
      return kind === 'add' ? { ...asElement(e), ...asElement(given) } : given;
    });
  }
  const terms = eqTerms(filter);
  if (!terms) throw badRequest('noTarget', `No value of "${targetName(outer)}" matches "${text}"`);
  const element = sub ? { ...terms, [sub.name]: given } : { ...terms, ...asElement(given) };
  const created = coerceOne(def, element, where, onIgnored);
  return created === undefined ? items : [...items, created];
}

/** RFC 7644 3.5.2: setting `primary: true` on a value sets it false on the others. */
function withOnePrimary(def: AttributeDef, before: readonly unknown[], after: readonly unknown[]): readonly unknown[] {
  if (def.type !== 'complex' || !findAttribute(def.subAttributes ?? [], 'primary')) return after;
  const kept = new Set(before);
  const isPrimary = (e: unknown): boolean => isObject(e) && e['primary'] === true;
  if (!after.some((e) => !kept.has(e) && isPrimary(e))) return after;
  return after.map((e) => (kept.has(e) && isPrimary(e) ? { ...asElement(e), primary: false } : e));
}

const asElement = (e: unknown): Element => (isObject(e) ? e : {});

const without = (e: unknown, name: string): Element =>
  Object.fromEntries(Object.entries(asElement(e)).filter(([key]) => key !== name));

const nonEmpty = (items: readonly unknown[]): readonly unknown[] =>
  items.filter((e) => !isObject(e) || Object.keys(e).length > 0);
