import { isDeepStrictEqual } from 'node:util';
import { badRequest } from '../error.ts';
import { isObject } from '../resource/json-value.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { commonAttributes } from '../schema/common.ts';
import type { ResolvedAttribute, ResourceSchema } from '../schema/resource-schema.ts';
import { targetName } from './target-name.ts';

/**
 * Refuses an operation whose path names a readOnly attribute or sub-attribute (`meta`,
 * `groups`, `meta.created`, `urn:...:manager.displayName`): RFC 7644 3.5.2, 400 mutability.
 *
 * @example assertWritable(resolveAttribute(rs, { attr: 'meta' })!) // throws mutability
 */
export function assertWritable(target: ResolvedAttribute): void {
  if (target.attribute.mutability === 'readOnly' || target.sub?.mutability === 'readOnly') {
    throw badRequest('mutability', `Attribute "${targetName(target)}" is readOnly`);
  }
}

const present = (v: unknown): boolean => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);

/**
 * Compares the resource before and after all operations, as RFC 7644 3.5.2 and 3.5.2.2
 * ask: an immutable attribute that had a value must keep it (it may be added when absent),
 * and a required attribute must not become unassigned (400 mutability in both cases).
 * Checked on the net result, so remove-then-add of `userName` in one request is allowed.
 * Covers top-level attributes and the sub-attributes of single-valued complex ones; an
 * extension's required attributes count only while the extension holds something.
 *
 * @throws ScimError 400 mutability naming the attribute.
 * @example checkNetChanges(rs, { userName: 'a' }, {}) // throws: "userName" is required ...
 */
export function checkNetChanges(
  rs: ResourceSchema,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): void {
  for (const schema of [commonAttributes, rs.core, ...rs.extensions]) {
    const inExtension = schema !== rs.core && schema !== commonAttributes;
    const was = inExtension ? record(before[schema.id]) : before;
    const now = inExtension ? record(after[schema.id]) : after;
    const prefix = inExtension ? `${schema.id}:` : '';
    const holdsSomething = !inExtension || Object.values(now).some(present);
    for (const def of schema.attributes) {
      const [w, n] = [was[def.name], now[def.name]];
      check(def, `${prefix}${def.name}`, w, n, holdsSomething);
      if (def.type !== 'complex' || def.multiValued || !isObject(w)) continue;
      for (const sub of def.subAttributes ?? []) {
        check(sub, `${prefix}${def.name}.${sub.name}`, w[sub.name], record(n)[sub.name], present(n));
      }
    }
  }
}

function check(def: AttributeDef, name: string, was: unknown, now: unknown, parentPresent: boolean): void {
  if (def.mutability === 'readOnly' || !present(was)) return;
  if (def.required && parentPresent && !present(now)) {
    throw badRequest('mutability', `Attribute "${name}" is required and cannot be removed`);
  }
  if (def.mutability === 'immutable' && !isDeepStrictEqual(was, now)) {
    throw badRequest('mutability', `Attribute "${name}" is immutable: it can be set once, not changed or removed`);
  }
}

const record = (v: unknown): Readonly<Record<string, unknown>> => (isObject(v) ? v : {});
