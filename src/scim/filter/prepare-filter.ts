import type { ResourceSchema } from '../schema/resource-schema.ts';
import type { Filter } from './ast.ts';
import { checkFilter } from './check-filter.ts';
import { parseFilter } from './parse-filter.ts';

/**
 * Parses, validates and coerces a filter: what the list endpoints and storage use. The
 * result has canonical paths, typed values (booleans, numbers, dateTimes in
 * `toISOString()` form) and no `null` (`x eq null` is `not (x pr)`); see `checkFilter`.
 *
 * @throws ScimError 400 invalidFilter, with a position for syntax errors.
 * @example
 * prepareFilter('meta.lastModified gt "2011-05-13T04:42:34+02:00"', rs)
 * // => { kind: 'compare', path: { attr: 'meta', sub: 'lastModified' }, op: 'gt',
 * //      value: '2011-05-13T02:42:34.000Z' }
 */
export function prepareFilter(text: string, rs: ResourceSchema): Filter {
  return checkFilter(parseFilter(text, rs), { kind: 'resource', rs });
}
