import type { AttributePath } from '../schema/resource-schema.ts';

/** RFC 7644 section 3.4.2.2 comparison operators (lower-case; parsing is case-insensitive). */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** The comparison operators, for recognizing them in a filter's text. */
export const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]);

/** A comparison value as written in the filter: a JSON string, number, boolean or null. */
export type FilterValue = string | number | boolean | null;

/**
 * A parsed filter: an immutable tagged union. Inside a `valuePath`, the inner filter's paths
 * are relative to the multi-valued attribute (`emails[type eq "work"]` holds `{ attr: 'type' }`).
 */
export type Filter =
  | { readonly kind: 'compare'; readonly path: AttributePath; readonly op: CompareOp; readonly value: FilterValue }
  | { readonly kind: 'present'; readonly path: AttributePath }
  | { readonly kind: 'and'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'not'; readonly filter: Filter }
  | { readonly kind: 'valuePath'; readonly path: AttributePath; readonly filter: Filter };
