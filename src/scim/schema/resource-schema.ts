import type { AttributeDef, SchemaDef } from './attribute.ts';
import { commonAttributes } from './common.ts';

/** A resource type with the schemas that shape it (RFC 7643 section 6). */
export interface ResourceSchema {
  readonly name: 'User' | 'Group';
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly core: SchemaDef;
  /** Extensions; their attributes live in the resource under the extension's URN. */
  readonly extensions: readonly SchemaDef[];
}

/** An attribute path as written: `urn:...:User:name.givenName` is uri + attr + sub. */
export interface AttributePath {
  readonly uri?: string;
  readonly attr: string;
  readonly sub?: string;
}

/** An attribute path resolved against a resource schema, names in canonical case. */
export interface ResolvedAttribute {
  /** The schema that defines the attribute; the common attributes have `commonAttributes.id`. */
  readonly schema: SchemaDef;
  /** True when the attribute lives under the extension's URN key in the resource. */
  readonly inExtension: boolean;
  readonly attribute: AttributeDef;
  readonly sub: AttributeDef | undefined;
  /** Where the value sits in the stored document, e.g. `['name', 'givenName']`. */
  readonly docPath: readonly string[];
}

const eqi = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Finds an attribute by name, case-insensitively (RFC 7643 section 2.1). */
export function findAttribute(attributes: readonly AttributeDef[], name: string): AttributeDef | undefined {
  return attributes.find((a) => eqi(a.name, name));
}

/** The schema with this URN among the resource's core and extension schemas. */
export function findSchema(rs: ResourceSchema, uri: string): SchemaDef | undefined {
  return [rs.core, ...rs.extensions].find((s) => eqi(s.id, uri));
}

/**
 * Splits `urn:...:User:name.givenName` or `emails.value` into its parts. A URN prefix is
 * matched against the resource's schemas first, so URNs that contain dots (`2.0`) work.
 * Returns the whole text as `uri` with an empty `attr` when it names a schema only.
 */
export function splitAttributePath(rs: ResourceSchema, text: string): AttributePath {
  let uri: string | undefined;
  let rest = text;
  if (text.toLowerCase().startsWith('urn:')) {
    const schema = [rs.core, ...rs.extensions]
      .filter((s) => text.length >= s.id.length && eqi(text.slice(0, s.id.length), s.id))
      .sort((a, b) => b.id.length - a.id.length)
      .find((s) => text.length === s.id.length || text[s.id.length] === ':');
    if (schema) {
      uri = schema.id;
      rest = text.slice(schema.id.length + 1);
    } else {
      const cut = text.lastIndexOf(':');
      uri = text.slice(0, cut);
      rest = text.slice(cut + 1);
    }
  }
  const dot = rest.indexOf('.');
  if (dot < 0) return { ...(uri !== undefined ? { uri } : {}), attr: rest };
  return {
    ...(uri !== undefined ? { uri } : {}),
    attr: rest.slice(0, dot),
    sub: rest.slice(dot + 1),
  };
}

/**
 * Resolves a path against the resource schema: the core schema and the common attributes
 * without a URN, an extension by its URN. A name without a URN that neither defines is
 * looked up in the extensions, when exactly one defines it (`manager`, `department`: the
 * Microsoft SCIM library's PATCH writes the enterprise manager as path "manager"); a name
 * two extensions define needs its URN. Returns undefined when nothing matches.
 */
export function resolveAttribute(rs: ResourceSchema, path: AttributePath): ResolvedAttribute | undefined {
  if (path.uri !== undefined) {
    const schema = findSchema(rs, path.uri);
    return schema && resolveIn(rs, schema, path);
  }
  const plain = findAttribute(rs.core.attributes, path.attr) ? rs.core : commonAttributes;
  const owners = rs.extensions.filter((s) => findAttribute(s.attributes, path.attr) !== undefined);
  const schema = findAttribute(plain.attributes, path.attr) || owners.length !== 1 ? plain : owners[0]!;
  return resolveIn(rs, schema, path);
}

function resolveIn(rs: ResourceSchema, schema: SchemaDef, path: AttributePath): ResolvedAttribute | undefined {
  const attribute = findAttribute(schema.attributes, path.attr);
  if (!attribute) return undefined;
  let sub: AttributeDef | undefined;
  if (path.sub !== undefined) {
    sub = findAttribute(attribute.subAttributes ?? [], path.sub);
    if (!sub) return undefined;
  }
  const inExtension = schema !== rs.core && schema !== commonAttributes;
  const docPath = [...(inExtension ? [schema.id] : []), attribute.name, ...(sub ? [sub.name] : [])];
  return { schema, inExtension, attribute, sub, docPath };
}

/** The definition that describes the value at a resolved path: the sub-attribute if any. */
export const leafOf = (r: ResolvedAttribute): AttributeDef => r.sub ?? r.attribute;
