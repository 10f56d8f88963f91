import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resource-schema.ts';
import { badRequest } from '../error.ts';
import { parseDateTime } from './parse-date-time.ts';
import { describeValue, isObject } from './json-value.ts';

/**
 * Empty text given for a boolean, number or dateTime: unassigned, like null (RFC 7643
 * section 2.5). IdPs fill attribute templates with `""` when the source has no value
 * (OneLogin's SCIM JSON Template, Entra for an empty mapping); refusing the whole user for
 * it would block provisioning. A string attribute keeps `""` as the value it is.
 */
export const isBlankForType = (def: AttributeDef, value: unknown): boolean =>
  typeof value === 'string' &&
  value.trim() === '' &&
  (def.type === 'boolean' || def.type === 'integer' || def.type === 'decimal' || def.type === 'dateTime');

/** Receives the path of each unknown sub-attribute that `coerceValue` dropped. */
export type OnIgnored = (path: string) => void;

// With the u flag a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// Standard alphabet; MIME line breaks and spaces are tolerated and removed.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Validates one value (a single value of a single- or multi-valued attribute; for a complex
 * attribute, the object) and converts it to the attribute's type. IdPs send strings for
 * everything, so the text forms are accepted:
 *
 * - boolean: `true`/`false`, or `"true"`/`"false"` in any case (Entra sends `"True"`);
 * - integer: safe integers and integer strings (`"42"`); `1.5` and `"abc"` are rejected;
 * - decimal: finite numbers and numeric strings;
 * - dateTime: RFC 3339 / xsd:dateTime strings, normalized to `toISOString()` (UTC with
 *   milliseconds) because storage compares them as text; no offset means UTC;
 * - string, reference: strings only: a number or boolean is refused (no IdP sends one
 *   for a string attribute, and `userName: 123` is a client's bug, not a habit);
 *   `canonicalValues` are not enforced (RFC 7643 2.3.1 lets clients use others). Text
 *   with a NUL character (U+0000) or a lone surrogate (`"\ud800"`, no character at all)
 *   is refused: PostgreSQL cannot store either, and a value one backend accepts must not
 *   fail on the other;
 * - binary: base64 (standard alphabet), line breaks removed;
 * - complex: objects; sub-attributes matched case-insensitively, coerced recursively and
 *   returned under their canonical names. Null sub-values are absent and dropped; unknown
 *   sub-attributes are dropped and reported through `onIgnored`. Recursion follows the
 *   schema, not the input, so a deeply nested body cannot make it recurse deeply.
 *
 * `null` is not handled here: it means "absent" and the caller removes it. Mutability is
 * not checked here either (normalizeResource and PATCH each have their own rules).
 *
 * @throws ScimError 400 invalidValue naming `where` and the expected type.
 * @example
 * coerceValue(attr('active', 'boolean'), 'True', 'active') // => true
 * coerceValue(attr('badge', 'integer'), 'abc', 'urn:x:User:badge')
 * // throws: Attribute "urn:x:User:badge" expects an integer, got "abc"
 */
export function coerceValue(def: AttributeDef, value: unknown, where: string, onIgnored?: OnIgnored): unknown {
  const fail = (expected: string, note = ''): never => {
    throw badRequest('invalidValue', `Attribute "${where}" expects ${expected}, got ${describeValue(value)}${note}`);
  };
  switch (def.type) {
    case 'string':
    case 'reference':
      if (typeof value !== 'string') return fail(def.type === 'string' ? 'a string' : 'a reference (a string)');
      if (value.includes('\u0000')) return fail('text', ' (it contains a NUL character, U+0000)');
      if (LONE_SURROGATE.test(value))
        return fail('text', ' (it contains a lone UTF-16 surrogate, which is no character)');
      return value;
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (text === 'true') return true;
      if (text === 'false') return false;
      return fail('a boolean');
    }
    case 'integer': {
      const n = typeof value === 'number' ? value : numberFrom(value, INTEGER);
      if (n === undefined || !Number.isInteger(n)) return fail('an integer');
      if (!Number.isSafeInteger(n)) return fail('an integer', ' (out of range)');
      return n;
    }
    case 'decimal': {
      const n = typeof value === 'number' ? value : numberFrom(value, DECIMAL);
      if (n === undefined || !Number.isFinite(n)) return fail('a decimal number');
      return n;
    }
    case 'dateTime': {
      const iso = typeof value === 'string' ? parseDateTime(value) : undefined;
      return iso ?? fail('a dateTime (RFC 3339, e.g. "2011-05-13T04:42:34Z")');
    }
    case 'binary': {
      const text = typeof value === 'string' ? value.replace(/[\r\n ]/g, '') : undefined;
      if (text === undefined || !BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
        return fail('base64-encoded binary');
      }
      return text;
    }
    case 'complex':
      if (!isObject(value)) return fail('a complex value (an object)');
      return coerceComplex(def, value, where, onIgnored);
    default: {
      const unreachable: never = def.type;
      throw new Error(`Unknown attribute type ${String(unreachable)}`);
    }
  }
}

function numberFrom(value: unknown, pattern: RegExp): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return pattern.test(text) ? Number(text) : undefined;
}

function coerceComplex(
  def: AttributeDef,
  value: Readonly<Record<string, unknown>>,
  where: string,
  onIgnored: OnIgnored | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const key of Object.keys(value)) {
    const sub = findAttribute(def.subAttributes ?? [], key);
    if (!sub) {
      onIgnored?.(`${where}.${key}`);
      continue;
    }
    const path = `${where}.${sub.name}`;
    if (seen.has(sub.name)) {
      throw badRequest('invalidSyntax', `Attribute "${path}" is given more than once (names are case-insensitive)`);
    }
    seen.add(sub.name);
    const raw = value[key];
    if (raw === null || raw === undefined || isBlankForType(sub, raw)) continue;
    if (sub.multiValued) {
      const items = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== null && !isBlankForType(sub, v));
      if (items.length > 0) out[sub.name] = items.map((v) => coerceValue(sub, v, path, onIgnored));
    } else if (Array.isArray(raw)) {
      throw badRequest('invalidValue', `Attribute "${path}" is single-valued, got an array`);
    } else {
      out[sub.name] = coerceValue(sub, raw, path, onIgnored);
    }
  }
  return out;
}
