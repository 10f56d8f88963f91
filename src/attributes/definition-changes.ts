import type { AttributeDefinition, DefinitionChanges } from './attribute-definition.ts';

/** One changed field of a definition, as the audit history records it. */
export interface FieldChange<T> {
  readonly from: T;
  readonly to: T;
}

/** The fields `update` may change, with their old and new values. */
export type DefinitionDiff = {
  readonly [K in keyof DefinitionChanges]?: FieldChange<NonNullable<DefinitionChanges[K]>>;
};

/** The fields of a definition that an update may change, in the order changes are shown. */
export const DEFINITION_FIELDS = [
  'type',
  'multiValued',
  'required',
  'caseExact',
  'mutability',
  'description',
  'deprecated',
] as const;

/**
 * What `wanted` would actually change in `current`: fields absent or equal are left out.
 *
 * @example changesOf(badge, { description: 'Door badge', required: false })
 * // { description: { from: '', to: 'Door badge' } } when badge was not required
 */
export function changesOf(current: AttributeDefinition, wanted: DefinitionChanges): DefinitionDiff {
  const diff: Record<string, FieldChange<unknown>> = {};
  for (const key of DEFINITION_FIELDS) {
    const to = wanted[key];
    if (to !== undefined && to !== current[key]) diff[key] = { from: current[key], to };
  }
  return diff;
}
