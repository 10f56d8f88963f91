import { assumeUnassigned } from '../scim/filter/assume-unassigned.ts';
import type { Filter } from '../scim/filter/ast.ts';
import { checkFilter } from '../scim/filter/check-filter.ts';
import { invalidFilter } from '../scim/filter/filter-error.ts';
import { parseFilter } from '../scim/filter/parse-filter.ts';
import { lookupPath } from '../scim/filter/resolve-filter-path.ts';
import { splitAttributePath, type ResourceSchema } from '../scim/schema/resource-schema.ts';

/**
 * The filter of a search across resource types (`POST /.search`), prepared for each type
 * in `types`: an attribute a type does not define is unassigned there (`assumeUnassigned`),
 * so `userName eq "x" or displayName eq "y"` finds users and groups. Undefined without a
 * filter.
 *
 * @throws ScimError 400 invalidFilter for a malformed filter, or a path no type defines.
 * @example filtersAcross('userName sw "a"', [userRs, groupRs]) // groups: never true
 */
export function filtersAcross(text: string | undefined, types: readonly ResourceSchema[]): (Filter | undefined)[] {
  if (text === undefined) return types.map(() => undefined);
  const results = types.map((rs) => assumeUnassigned(parseFilter(text, rs), rs));
  const lower = results.map((r) => new Set(r.unknown.map((p) => p.toLowerCase())));
  const nowhere = results[0]?.unknown.find((p) => lower.every((set) => set.has(p.toLowerCase())));
  if (nowhere !== undefined) {
    throw invalidFilter(`Unknown attribute "${nowhere}" in filter: no resource type defines it`);
  }
  return results.map((r, i) => checkFilter(r.filter, { kind: 'resource', rs: types[i] as ResourceSchema }));
}

/**
 * `sortBy` for one type of a search across types: kept where the type defines the
 * attribute, dropped elsewhere (every value there is missing, so the id alone orders).
 * When no type defines it, it is kept, for the sort to refuse it.
 *
 * @example sortByAcross('userName', groupRs, [userRs, groupRs]) // => undefined
 */
export function sortByAcross(
  sortBy: string | undefined,
  rs: ResourceSchema,
  types: readonly ResourceSchema[],
): string | undefined {
  if (sortBy === undefined) return undefined;
  const defines = (t: ResourceSchema): boolean =>
    lookupPath({ kind: 'resource', rs: t }, splitAttributePath(t, sortBy.trim())) !== undefined;
  return defines(rs) || !types.some(defines) ? sortBy : undefined;
}
