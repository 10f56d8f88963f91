/**
 * SCIM filters (RFC 7644 section 3.4.2.2): text -> AST (`parseFilter`), checked against the
 * resource schema and coerced (`prepareFilter`, what callers use), evaluated in memory
 * (`matchesFilter`). PATCH paths use `parseValueFilter` and `matchesValueFilter` for the
 * filter between brackets. Storage compiles prepared filters to SQL; `checkFilter` lists
 * what a prepared filter guarantees.
 */
export type { CompareOp, Filter, FilterValue } from './ast.ts';
export { parseFilter, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './parse-filter.ts';
export { validateFilter } from './validate-filter.ts';
export { prepareFilter } from './prepare-filter.ts';
export { parseValueFilter } from './parse-value-filter.ts';
export { matchesFilter, matchesValueFilter } from './evaluate-filter.ts';
export { schemasAttribute } from './schemas-attribute.ts';
