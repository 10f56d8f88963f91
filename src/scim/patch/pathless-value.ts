import { badRequest } from '../error.ts';
import type { OnIgnored } from '../resource/coerce-value.ts';
import { describeValue, isObject } from '../resource/json-value.ts';
import type { SchemaDef } from '../schema/attribute.ts';
import type { ResourceSchema } from '../schema/resource-schema.ts';
import { lookupPatchPath, type PatchPath } from './patch-path.ts';

/** One attribute (or extension) of a path-less value, as if it had come with its own path. */
export interface PathlessEntry<P extends PatchPath = PatchPath> {
  readonly path: P;
  readonly value: unknown;
}

/** An entry naming an attribute, never a whole extension. */
export type AttributeEntry = PathlessEntry<Extract<PatchPath, { kind: 'attribute' | 'valuePath' }>>;

/**
 * Splits the value of a path-less add or replace (RFC 7644 3.5.2.1: "a set of attributes")
 * into one entry per attribute. Keys are read as paths, so the IdP dialects work: plain
 * names in any case (`nickname`), dotted keys (`name.givenName`), URN-prefixed keys
 * (`urn:...:enterprise:2.0:User:department`), an extension's URN holding an object of its
 * attributes (an `extension` entry; see `expandExtensionValue`), and even filtered keys
 * (`emails[type eq "work"].value`). `schemas` is skipped; keys naming no attribute are
 * reported through `onIgnored` and skipped.
 *
 * @throws ScimError 400 invalidValue when an extension's URN holds something other than
 * an object; invalidPath for a key with a malformed filter.
 * @example expandPathlessValue(rs, { 'name.givenName': 'A', foo: 1 }, log)
 * // => [{ path: <name.givenName>, value: 'A' }] and log('foo')
 */
export function expandPathlessValue(
  rs: ResourceSchema,
  value: Readonly<Record<string, unknown>>,
  onIgnored: OnIgnored,
): readonly PathlessEntry[] {
  const entries: PathlessEntry[] = [];
  for (const key of Object.keys(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const path = key.trim() === '' ? undefined : lookupPatchPath(rs, key);
    if (path === undefined || path.kind === 'unknown') onIgnored(key);
    else entries.push({ path, value: value[key] });
  }
  return entries;
}

/**
 * The attribute entries of an extension's object (`"urn:...:enterprise:2.0:User": { "department": "x" }`),
 * whether a path-less key or the whole value of a path naming the extension. Null gives no
 * entries: the caller decides what a null extension means.
 *
 * @throws ScimError 400 invalidValue when the value is not an object.
 * @example expandExtensionValue(rs, enterpriseUserSchema, { department: 'Sales' }, log)
 * // => [{ path: <urn:...:enterprise:2.0:User:department>, value: 'Sales' }]
 */
export function expandExtensionValue(
  rs: ResourceSchema,
  schema: SchemaDef,
  value: unknown,
  onIgnored: OnIgnored,
): readonly AttributeEntry[] {
  if (value === null || value === undefined) return [];
  if (!isObject(value)) {
    throw badRequest(
      'invalidValue',
      `Extension "${schema.id}" must be an object of attributes, got ${describeValue(value)}`,
    );
  }
  const entries: AttributeEntry[] = [];
  for (const key of Object.keys(value)) {
    const written = `${schema.id}:${key}`;
    const path = key.trim() === '' ? undefined : lookupPatchPath(rs, written);
    // A URN inside an extension's object is no attribute of it (and must not recurse).
    if (path === undefined || path.kind === 'unknown' || path.kind === 'extension') onIgnored(written);
    else entries.push({ path, value: value[key] });
  }
  return entries;
}
