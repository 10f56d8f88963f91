import type { ResourceSchema } from '../schema/resource-schema.ts';
import type { Filter } from './ast.ts';
import { checkFilter } from './check-filter.ts';

/**
 * Checks a parsed filter against the resource's schema: every path resolves (inside
 * `attr[...]`, as a sub-attribute of `attr`), every operator suits its attribute's type,
 * every value fits. `prepareFilter` does the same and also returns the coerced filter.
 *
 * @throws ScimError 400 invalidFilter naming the unknown attribute, the refused operator or
 * the misfit value.
 * @example validateFilter(parseFilter('active gt true', rs), rs) // throws: Operator "gt" ...
 */
export function validateFilter(filter: Filter, rs: ResourceSchema): void {
  checkFilter(filter, { kind: 'resource', rs });
}
