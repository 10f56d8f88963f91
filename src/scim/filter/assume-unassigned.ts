import type { ResourceSchema } from '../schema/resource-schema.ts';
import type { Filter } from './ast.ts';
import { formatPath, lookupFilterPath } from './resolve-filter-path.ts';

// The AST has no constants; `id` is on every resource, so `id pr` is always true.
const ALWAYS: Filter = { kind: 'present', path: { attr: 'id' } };
const NEVER: Filter = { kind: 'not', filter: ALWAYS };

/** A parsed filter with the paths `rs` does not define replaced (see `assumeUnassigned`). */
export interface UnassignedResult {
  readonly filter: Filter;
  /** The paths replaced, as written (`userName`, `members.value`). */
  readonly unknown: readonly string[];
}

/**
 * For a search across resource types (`POST /.search`): each comparison on an attribute
 * the resource type does not define is evaluated as on an unassigned attribute, so
 * `userName eq "x" or displayName eq "y"` still finds groups by displayName. An
 * unassigned attribute is not present and equals nothing: `ne` (and `eq null`) is true,
 * every other comparison, `pr` and `attr[...]` false. Paths inside brackets are left to
 * `checkFilter`, as are hidden attributes: they stay errors. The caller refuses a path
 * that no searched type defines, using `unknown`.
 *
 * @example
 * assumeUnassigned(parseFilter('userName eq "x" or displayName eq "y"', groupRs), groupRs)
 * // => { filter: { kind: 'or', left: <never true>, right: <displayName eq "y"> }, unknown: ['userName'] }
 */
export function assumeUnassigned(filter: Filter, rs: ResourceSchema): UnassignedResult {
  const unknown: string[] = [];
  const walk = (f: Filter): Filter => {
    switch (f.kind) {
      case 'and':
      case 'or':
        return { kind: f.kind, left: walk(f.left), right: walk(f.right) };
      case 'not':
        return { kind: 'not', filter: walk(f.filter) };
      case 'present':
      case 'compare':
      case 'valuePath': {
        if (lookupFilterPath({ kind: 'resource', rs }, f.path)) return f;
        unknown.push(formatPath(f.path));
        const missingMatches = f.kind === 'compare' && (f.value === null ? f.op === 'eq' : f.op === 'ne');
        return missingMatches ? ALWAYS : NEVER;
      }
    }
  };
  return { filter: walk(filter), unknown };
}
