import type { AttributeDef, Returned } from '../schema/attribute.ts';
import { commonAttributes } from '../schema/common.ts';
import { findAttribute, type ResourceSchema } from '../schema/resource-schema.ts';
import { emptySelection, selectionOf, type AttributeSelection } from './attribute-selection.ts';
import { isObject } from './json-value.ts';

/**
 * `include`: keep what the selection names (an `attributes` list); `exclude`: keep what
 * is returned by default, minus what the selection names (`excludedAttributes`).
 */
type Mode = 'include' | 'exclude';

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 section 3.4.2.5) and each
 * attribute's `returned` characteristic (RFC 7643 section 7) to a stored resource:
 *
 * - `always` (id; and `schemas`, which is not a schema attribute) is always present and
 *   cannot be excluded; `never` (password) never is;
 * - `request` only when the attribute itself is named in `attributes`;
 * - `default` unless excluded, or unless `attributes` is given and does not name it.
 *
 * Names are attribute paths, matched case-insensitively, URN-prefixed or not
 * (`name.givenName`, `emails.value`, `meta.lastModified`,
 * `urn:...:enterprise:2.0:User:department`), or an extension's URN for all of it. Naming
 * a sub-attribute keeps only that part of the complex attribute (in each element when it
 * is multi-valued). When both lists are given, `attributes` wins: the RFC makes them
 * mutually exclusive. Names that resolve to nothing are ignored, not errors. Values and
 * elements left empty are removed, and `schemas` keeps only the extensions still present.
 * A stored attribute the schema no longer defines (a custom attribute since deleted) is
 * treated as `default`, so the tenant's data is not hidden by a definition change.
 *
 * @example
 * projectResource(userRs, user, ['userName'], undefined)
 * // => { schemas: ['urn:...:core:2.0:User'], id: '2819c223...', userName: 'bjensen' }
 */
export function projectResource(
  rs: ResourceSchema,
  resource: Record<string, unknown>,
  attributes: readonly string[] | undefined,
  excludedAttributes: readonly string[] | undefined,
): Record<string, unknown> {
  const include = attributes !== undefined && attributes.length > 0;
  const mode: Mode = include ? 'include' : 'exclude';
  const selection = selectionOf(rs, (include ? attributes : excludedAttributes) ?? []);
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(resource)) {
    if (key.toLowerCase() === 'schemas') continue;
    const ext = rs.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    const def = ext
      ? undefined
      : (findAttribute(rs.core.attributes, key) ?? findAttribute(commonAttributes.attributes, key));
    const subDefs = ext ? ext.attributes : (def?.subAttributes ?? []);
    const node = selection.children.get(key.toLowerCase());
    const value = projectAttribute(def?.returned ?? 'default', resource[key], subDefs, mode, node);
    if (value !== undefined) entries.push([key, value]);
  }
  // fromEntries defines own properties, so even a stored `__proto__` key stays plain data.
  const out = Object.fromEntries(entries);
  return { schemas: schemasOf(rs, resource['schemas'], out), ...out };
}

function projectAttribute(
  returned: Returned,
  value: unknown,
  subDefs: readonly AttributeDef[],
  mode: Mode,
  node: AttributeSelection | undefined,
): unknown {
  switch (returned) {
    case 'never':
      return undefined;
    case 'always':
      return projectValue(value, subDefs, 'exclude', emptySelection);
    case 'request':
    case 'default':
      if (mode === 'include') {
        // Not named: only `always` sub-attributes can survive, which the walk finds.
        if (!node) return projectValue(value, subDefs, 'include', emptySelection);
        return node.whole
          ? projectValue(value, subDefs, 'exclude', emptySelection)
          : projectValue(value, subDefs, 'include', node);
      }
      if (returned === 'request' || node?.whole) return undefined;
      return projectValue(value, subDefs, 'exclude', node ?? emptySelection);
    default: {
      const unreachable: never = returned;
      throw new Error(`Unknown returned characteristic ${String(unreachable)}`);
    }
  }
}

function projectValue(value: unknown, subDefs: readonly AttributeDef[], mode: Mode, node: AttributeSelection): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => projectValue(item, subDefs, mode, node)).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isObject(value)) {
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(value)) {
      const sub = findAttribute(subDefs, key);
      const child = node.children.get(key.toLowerCase());
      const returned = sub?.returned ?? 'default';
      const projected = projectAttribute(returned, value[key], sub?.subAttributes ?? [], mode, child);
      if (projected !== undefined) entries.push([key, projected]);
    }
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  // A plain value reached in include mode was not named itself (its parent was only
  // walked for `always` sub-attributes), so it is left out.
  return mode === 'exclude' ? value : undefined;
}

function schemasOf(rs: ResourceSchema, given: unknown, out: Record<string, unknown>): string[] {
  const listed = Array.isArray(given)
    ? given.filter((uri): uri is string => typeof uri === 'string')
    : [rs.core.id, ...rs.extensions.map((e) => e.id)];
  const present = new Set(Object.keys(out).map((key) => key.toLowerCase()));
  const isCore = (uri: string): boolean => uri.toLowerCase() === rs.core.id.toLowerCase();
  const kept = listed.filter((uri) => isCore(uri) || present.has(uri.toLowerCase()));
  return kept.some(isCore) ? kept : [rs.core.id, ...kept];
}
