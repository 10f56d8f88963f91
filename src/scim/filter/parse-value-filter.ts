import type { ResolvedAttribute, ResourceSchema } from '../schema/resource-schema.ts';
import type { Filter } from './ast.ts';
import { checkFilter } from './check-filter.ts';
import { invalidFilter } from './filter-error.ts';
import { parseFilterText } from './parse-filter.ts';

/**
 * Parses, validates and coerces the filter between the brackets of a PATCH path
 * (`emails[type eq "work" and primary eq true].value`): paths are sub-attributes of
 * `outer`, brackets cannot nest. Pass the result to `matchesValueFilter`. `offset` is the
 * number of characters before the filter in the whole path, so positions point into it.
 *
 * @throws ScimError 400 invalidFilter with a position, or naming the unknown sub-attribute.
 * @example
 * const emails = resolveAttribute(rs, { attr: 'emails' })!;
 * parseValueFilter('type eq "work"', rs, emails, 7)
 * // => { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' }
 */
export function parseValueFilter(text: string, rs: ResourceSchema, outer: ResolvedAttribute, offset = 0): Filter {
  if (outer.sub || outer.attribute.type !== 'complex') {
    throw invalidFilter(`"${outer.docPath.join('.')}[...]": brackets need a complex attribute such as "emails"`);
  }
  const parsed = parseFilterText(text, rs, { inBrackets: true, offset });
  return checkFilter(parsed, { kind: 'element', outer });
}
