import type { Filter, FilterValue } from '../filter/ast.ts';

/**
 * The element a filter describes when it is only `sub eq value` terms joined by `and`
 * (`type eq "work"`, `type eq "work" and primary eq true`), else undefined. Entra writes
 * `emails[type eq "work"].value` for a work email that may not exist yet: when no element
 * matches, add and replace create this one. Expects a prepared bracket filter (canonical
 * sub-attribute names, coerced values); terms that contradict (`type eq "a" and type eq
 * "b"`) describe nothing.
 *
 * @example eqTerms(parseValueFilter('type eq "work" and primary eq true', rs, emails))
 * // => { type: 'work', primary: true }
 */
export function eqTerms(filter: Filter): Readonly<Record<string, FilterValue>> | undefined {
  const terms = new Map<string, FilterValue>();
  const collect = (f: Filter): boolean => {
    if (f.kind === 'and') return collect(f.left) && collect(f.right);
    if (f.kind !== 'compare' || f.op !== 'eq' || f.value === null || f.path.sub !== undefined) return false;
    const name = f.path.attr;
    if (terms.has(name) && terms.get(name) !== f.value) return false;
    terms.set(name, f.value);
    return true;
  };
  return collect(filter) ? Object.fromEntries(terms) : undefined;
}
