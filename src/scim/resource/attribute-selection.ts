import { findSchema, resolveAttribute, splitAttributePath, type ResourceSchema } from '../schema/resource-schema.ts';

/**
 * A set of document paths as a tree: `name.givenName` and `emails` give a root with a
 * partial `name` (child `givenname`) and a whole `emails`. Keys are lower-cased, since
 * stored and named attributes match case-insensitively.
 */
export interface AttributeSelection {
  /** The node is named itself, so everything under it is selected. */
  readonly whole: boolean;
  readonly children: ReadonlyMap<string, AttributeSelection>;
}

export const emptySelection: AttributeSelection = { whole: false, children: new Map() };

interface MutableNode {
  whole: boolean;
  children: Map<string, MutableNode>;
}

/**
 * Builds the selection for an `attributes` or `excludedAttributes` list. Each entry is
 * resolved against the resource schema (core, common, extension attributes by URN, or a
 * whole extension by its URN alone); entries that resolve to nothing are skipped, since
 * RFC 7644 does not make an unknown name an error and a client may ask for attributes of
 * a newer schema than ours. A bracket filter in a name is ignored (`withoutValueFilter`).
 *
 * @example
 * selectionOf(userRs, ['name.givenName']) // => root { name: { givenname: whole } }
 */
export function selectionOf(rs: ResourceSchema, names: readonly string[]): AttributeSelection {
  const root: MutableNode = { whole: false, children: new Map() };
  for (const name of names) {
    const docPath = docPathOf(rs, name);
    if (!docPath) continue;
    let node = root;
    for (const key of docPath) {
      const lower = key.toLowerCase();
      let child = node.children.get(lower);
      if (!child) {
        child = { whole: false, children: new Map() };
        node.children.set(lower, child);
      }
      node = child;
    }
    node.whole = true;
  }
  return root;
}

function docPathOf(rs: ResourceSchema, written: string): readonly string[] | undefined {
  const name = withoutValueFilter(written);
  if (name === undefined) return undefined;
  const path = splitAttributePath(rs, name);
  if (path.attr === '') {
    const schema = path.uri === undefined ? undefined : findSchema(rs, path.uri);
    return schema && schema !== rs.core ? [schema.id] : undefined;
  }
  return resolveAttribute(rs, path)?.docPath;
}

/**
 * The name without its bracket filter: `emails[type eq "work"]` is `emails`, and
 * `emails[type eq "work"].value` is `emails.value`. RFC 7644 has no filters in
 * `attributes`, yet Microsoft's SCIM validator sends them and expects the attribute back,
 * so the filter is ignored and the whole attribute selected (not just the matching
 * elements). Undefined when a bracket is not closed.
 */
function withoutValueFilter(name: string): string | undefined {
  if (!name.includes('[')) return name;
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"' && depth > 0) {
      quoted = true;
    } else if (c === '[') {
      depth++;
    } else if (c === ']' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += c;
    }
  }
  return depth === 0 && !quoted ? out : undefined;
}
