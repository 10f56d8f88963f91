import { ScimError, badRequest } from '../error.ts';
import type { Filter } from '../filter/ast.ts';
import { parseValueFilter } from '../filter/parse-value-filter.ts';
import { lookupPath } from '../filter/resolve-filter-path.ts';
import { describeValue } from '../resource/json-value.ts';
import type { SchemaDef } from '../schema/attribute.ts';
import {
  findAttribute,
  findSchema,
  splitAttributePath,
  type ResolvedAttribute,
  type ResourceSchema,
} from '../schema/resource-schema.ts';
import { targetName } from './target-name.ts';

/**
 * A PATCH path (RFC 7644 section 3.5.2, figure 1) resolved against the resource schema.
 * `target` names the attribute and, when the path has one, the sub-attribute (`target.sub`):
 * for `emails[type eq "work"].value` the target is `emails.value` and `filter` selects the
 * elements. `text` is the path as written, for messages.
 */
export type PatchPath =
  | { readonly kind: 'attribute'; readonly text: string; readonly target: ResolvedAttribute }
  | {
      readonly kind: 'valuePath';
      readonly text: string;
      readonly target: ResolvedAttribute;
      readonly filter: Filter;
    }
  | { readonly kind: 'extension'; readonly text: string; readonly schema: SchemaDef };

/** A well-formed path naming nothing the schema defines; `detail` says what is unknown. */
export interface UnknownPath {
  readonly kind: 'unknown';
  readonly detail: string;
}

const ATTR_NAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;
const invalidPath = (detail: string): ScimError => badRequest('invalidPath', detail);

/**
 * Parses a PATCH path: `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each
 * optionally URN-prefixed (`urn:...:enterprise:2.0:User:manager.value`), or a bare
 * extension URN. Names and URNs match case-insensitively.
 *
 * @throws ScimError 400 invalidPath for a malformed path, an unknown attribute or
 * sub-attribute, or a filter on something that is not a complex multi-valued attribute.
 * @example parsePatchPath(rs, 'emails[type eq "work"].value')
 * // => { kind: 'valuePath', target: <emails.value>, filter: <type eq "work">, ... }
 */
export function parsePatchPath(rs: ResourceSchema, text: string): PatchPath {
  const found = lookupPatchPath(rs, text);
  if (found.kind === 'unknown') throw invalidPath(found.detail);
  return found;
}

/**
 * `parsePatchPath` that returns unknown names instead of throwing, for path-less values,
 * whose unknown keys are ignored. Malformed brackets and filters still throw.
 *
 * @example lookupPatchPath(rs, 'name.nickname')
 * // => { kind: 'unknown', detail: 'Unknown sub-attribute "name.nickname"' }
 */
export function lookupPatchPath(rs: ResourceSchema, raw: string): PatchPath | UnknownPath {
  const text = raw.trim();
  if (text === '') throw invalidPath('The path is empty');
  const open = text.indexOf('[');
  if (open < 0) {
    const stray = text.indexOf(']');
    if (stray >= 0) throw invalidPath(`Unexpected "]" at position ${stray + 1} of path ${describeValue(text)}`);
    return lookupAttributePath(rs, text);
  }
  const close = closingBracket(text, open);
  if (close < 0) throw invalidPath(`The "[" at position ${open + 1} of path ${describeValue(text)} is not closed`);
  const tail = text.slice(close + 1);
  if (tail !== '' && !tail.startsWith('.')) {
    throw invalidPath(
      `Expected "." and a sub-attribute after "]" at position ${close + 2} of path ${describeValue(text)}`,
    );
  }
  const subName = tail === '' ? undefined : tail.slice(1);
  if (subName !== undefined && !ATTR_NAME.test(subName)) {
    throw invalidPath(`Invalid sub-attribute name ${describeValue(subName)} after "]" in path ${describeValue(text)}`);
  }
  const base = lookupAttributePath(rs, text.slice(0, open));
  if (base.kind === 'unknown') return base;
  if (base.kind !== 'attribute') throw invalidPath(`A schema URN cannot take a filter: ${describeValue(text)}`);
  const outer = base.target;
  const name = targetName(outer);
  if (outer.sub) throw invalidPath(`A filter must follow a multi-valued attribute, not the sub-attribute "${name}"`);
  if (!outer.attribute.multiValued || outer.attribute.type !== 'complex') {
    throw invalidPath(`"${name}" is not a complex multi-valued attribute, so it cannot take a [filter]`);
  }
  const filter = valueFilter(rs, outer, text.slice(open + 1, close), open + 1);
  if (subName === undefined) return { kind: 'valuePath', text, target: outer, filter };
  const sub = findAttribute(outer.attribute.subAttributes ?? [], subName);
  if (!sub) return { kind: 'unknown', detail: `Unknown sub-attribute "${outer.attribute.name}.${subName}"` };
  const target = { ...outer, sub, docPath: [...outer.docPath, sub.name] };
  return { kind: 'valuePath', text, target, filter };
}

function lookupAttributePath(rs: ResourceSchema, text: string): PatchPath | UnknownPath {
  const path = splitAttributePath(rs, text);
  const unknown = (detail: string): UnknownPath => ({ kind: 'unknown', detail });
  const schema = path.uri === undefined ? undefined : findSchema(rs, path.uri);
  if (path.uri !== undefined && !schema) return unknown(`Unknown schema in path ${describeValue(text)}`);
  if (path.attr === '' && schema) {
    return schema === rs.core
      ? unknown(`The path names the core schema; name an attribute or omit the path`)
      : { kind: 'extension', text, schema };
  }
  if (!ATTR_NAME.test(path.attr) || (path.sub !== undefined && !ATTR_NAME.test(path.sub))) {
    return unknown(`Invalid attribute path ${describeValue(text)}`);
  }
  const target = lookupPath({ kind: 'resource', rs }, path);
  if (target) return { kind: 'attribute', text, target };
  const parent = path.sub === undefined ? undefined : lookupPath({ kind: 'resource', rs }, { ...path, sub: undefined });
  if (parent && parent.attribute.type !== 'complex') {
    return unknown(`Attribute "${targetName(parent)}" has no sub-attributes; found ${describeValue(text)}`);
  }
  const what = parent ? 'sub-attribute' : 'attribute';
  // A URN-prefixed name would be cut in the message before the part that matters.
  if (schema) {
    const name = describeValue(text.slice(schema.id.length + 1));
    return unknown(`Unknown ${what} ${name} of schema "${schema.id}"`);
  }
  return unknown(`Unknown ${what} ${describeValue(text)}`);
}

/** The index of the `]` closing the `[` at `open`, skipping JSON strings; -1 if none. */
function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === ']') return i;
  }
  return -1;
}

/** The bracket filter, parsed and checked by the filter module; its errors become invalidPath. */
function valueFilter(rs: ResourceSchema, outer: ResolvedAttribute, text: string, offset: number): Filter {
  try {
    return parseValueFilter(text, rs, outer, offset);
  } catch (error) {
    if (error instanceof ScimError && error.scimType === 'invalidFilter') {
      throw invalidPath(`Invalid filter in path: ${error.message}`);
    }
    throw error;
  }
}
