import type { AttributeDef, SchemaDef } from '../schema/attribute.ts';
import { commonAttributes } from '../schema/common.ts';
import { findAttribute, findSchema, splitAttributePath, type ResourceSchema } from '../schema/resource-schema.ts';
import { badRequest } from '../error.ts';
import { checkSchemas } from './check-schemas.ts';
import { describeValue, isObject } from './json-value.ts';
import { isBlank, normalizeAttribute } from './normalize-attribute.ts';

export interface NormalizedResource {
  /** The canonical document: canonical attribute names, coerced values, no id or meta. */
  readonly resource: Record<string, unknown>;
  /** Unknown attributes that were dropped, as written (`foo`, `name.foo`, `urn:...:foo`). */
  readonly ignored: string[];
}

/**
 * Turns a POST or PUT body into the canonical form that is stored.
 *
 * - Attribute names match case-insensitively: the core schema and the common attributes
 *   at top level, each extension's attributes under its URN key; the output uses the
 *   definitions' names. A URN-prefixed flat key (`urn:...:enterprise:2.0:User:department`)
 *   is accepted too, as Entra writes them; a dotted key (`name.givenName`) is not.
 * - readOnly attributes (id, meta, groups, members.display, ...) are dropped silently
 *   (RFC 7643 section 7); unknown attributes are dropped and listed in `ignored`.
 * - The same attribute given more than once (`userName` and `USERNAME`, or an extension attribute
 *   both flat and nested) is refused as ambiguous: 400 invalidSyntax.
 * - Required attributes must be present and not blank, in both modes (`mode` only words
 *   the message). An extension's required attributes apply when the extension is present.
 * - `schemas` is checked by `checkSchemas` and rebuilt: the core URN plus each extension
 *   that holds a value, whatever the client listed.
 * - `password` (writeOnly) stays in the output so that the caller can hash it; the caller
 *   must remove it before storing.
 *
 * Prototype-safe: the output holds only names taken from the schema definitions, so a
 * `__proto__` key in the body is an unknown attribute like any other.
 *
 * @throws ScimError 400 invalidSyntax or invalidValue.
 * @example
 * normalizeResource(userResourceSchema(), { USERNAME: 'bjensen', active: 'True', foo: 1 }, 'create')
 * // => { resource: { schemas: ['urn:...:core:2.0:User'], userName: 'bjensen', active: true },
 * //      ignored: ['foo'] }
 */
export function normalizeResource(rs: ResourceSchema, body: unknown, mode: 'create' | 'replace'): NormalizedResource {
  if (!isObject(body)) {
    throw badRequest('invalidSyntax', `The body of a ${rs.name} must be a JSON object`);
  }
  const ignored: string[] = [];
  const onIgnored = (path: string): void => void ignored.push(path);
  const seen = new Set<AttributeDef>();
  const values = new Map<AttributeDef, unknown>();

  const take = (schema: SchemaDef, def: AttributeDef, raw: unknown): void => {
    if (def.mutability === 'readOnly') return;
    const where = schema === rs.core || schema === commonAttributes ? def.name : `${schema.id}:${def.name}`;
    if (seen.has(def)) {
      throw badRequest('invalidSyntax', `Attribute "${where}" is given more than once (names are case-insensitive)`);
    }
    seen.add(def);
    const value = normalizeAttribute(def, raw, where, onIgnored);
    if (value !== undefined) values.set(def, value);
  };

  const takeUrnKey = (key: string, raw: unknown): void => {
    const path = splitAttributePath(rs, key);
    const schema = path.uri === undefined ? undefined : findSchema(rs, path.uri);
    if (!schema || path.sub !== undefined || (path.attr === '' && schema === rs.core)) {
      return onIgnored(key);
    }
    if (path.attr !== '') {
      const def = findAttribute(schema.attributes, path.attr);
      return def ? take(schema, def, raw) : onIgnored(key);
    }
    if (raw === null) return;
    if (!isObject(raw)) {
      throw badRequest('invalidValue', `Extension "${schema.id}" must be a JSON object, got ${describeValue(raw)}`);
    }
    for (const name of Object.keys(raw)) {
      const def = findAttribute(schema.attributes, name);
      if (def) take(schema, def, raw[name]);
      else onIgnored(`${schema.id}:${name}`);
    }
  };

  for (const key of Object.keys(body)) {
    const raw = body[key];
    if (key.toLowerCase() === 'schemas') {
      checkSchemas(rs, raw, onIgnored);
    } else if (key.toLowerCase().startsWith('urn:')) {
      takeUrnKey(key, raw);
    } else {
      const core = findAttribute(rs.core.attributes, key);
      const common = core ? undefined : findAttribute(commonAttributes.attributes, key);
      if (core) take(rs.core, core, raw);
      else if (common) take(commonAttributes, common, raw);
      else onIgnored(key);
    }
  }
  return { resource: assemble(rs, values, mode), ignored };
}

function assemble(
  rs: ResourceSchema,
  values: ReadonlyMap<AttributeDef, unknown>,
  mode: 'create' | 'replace',
): Record<string, unknown> {
  const pick = (schema: SchemaDef, where: (def: AttributeDef) => string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const def of schema.attributes) {
      const value = values.get(def);
      if (def.required && def.mutability !== 'readOnly' && isBlank(value)) {
        throw badRequest('invalidValue', `Attribute "${where(def)}" is required to ${mode} a ${rs.name}`);
      }
      if (value !== undefined) out[def.name] = value;
    }
    return out;
  };
  const schemas = [rs.core.id];
  const extensions: Record<string, unknown> = {};
  for (const ext of rs.extensions) {
    if (!ext.attributes.some((def) => values.has(def))) continue;
    extensions[ext.id] = pick(ext, (def) => `${ext.id}:${def.name}`);
    schemas.push(ext.id);
  }
  return {
    schemas,
    ...pick(commonAttributes, (def) => def.name),
    ...pick(rs.core, (def) => def.name),
    ...extensions,
  };
}
