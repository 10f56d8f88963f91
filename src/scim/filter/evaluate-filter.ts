import type { ResolvedAttribute, ResourceSchema } from '../schema/resource-schema.ts';
import { findAttribute, leafOf } from '../schema/resource-schema.ts';
import type { Filter } from './ast.ts';
import { compareValue } from './compare-value.ts';
import { lookupFilterPath, type PathContext } from './resolve-filter-path.ts';
import { schemasAttribute } from './schemas-attribute.ts';

/**
 * Evaluates a prepared filter (`prepareFilter`) on a resource in canonical form: core
 * attributes at the top, extension attributes under their URN key. A multi-valued
 * attribute matches when any value does; `emails[...]` when one element satisfies the
 * whole bracket filter; `pr` is false for undefined, null, "", [] and {}; `ne` and `not`
 * are plain negations, so a missing `title` matches `title ne "x"`.
 *
 * @example
 * matchesFilter(prepareFilter('emails[type eq "work"]', rs), rs,
 *   { userName: 'bjensen', emails: [{ value: 'b@x.org', type: 'work' }] }) // => true
 */
export function matchesFilter(filter: Filter, rs: ResourceSchema, resource: Record<string, unknown>): boolean {
  return evaluate(filter, { kind: 'resource', rs }, resource);
}

/**
 * Evaluates the filter between brackets (`parseValueFilter`) on one element of the
 * complex attribute `attribute`: how PATCH picks the elements of `members[value eq "x"]`.
 *
 * @example
 * const emails = resolveAttribute(rs, { attr: 'emails' })!;
 * matchesValueFilter(parseValueFilter('type eq "work"', rs, emails), rs, emails,
 *   { value: 'b@x.org', type: 'Work' }) // => true (type is not caseExact)
 */
export function matchesValueFilter(
  filter: Filter,
  _rs: ResourceSchema,
  attribute: ResolvedAttribute,
  element: unknown,
): boolean {
  return evaluate(filter, { kind: 'element', outer: attribute }, element);
}

function evaluate(filter: Filter, ctx: PathContext, data: unknown): boolean {
  switch (filter.kind) {
    case 'and':
      return evaluate(filter.left, ctx, data) && evaluate(filter.right, ctx, data);
    case 'or':
      return evaluate(filter.left, ctx, data) || evaluate(filter.right, ctx, data);
    case 'not':
      return !evaluate(filter.filter, ctx, data);
    case 'present': {
      const resolved = lookupFilterPath(ctx, filter.path);
      return resolved !== undefined && valuesAt(ctx, resolved, data).some((v) => isPresent(v, 0));
    }
    case 'compare': {
      const found = lookupFilterPath(ctx, filter.path);
      if (filter.value === null) {
        const present = found !== undefined && valuesAt(ctx, found, data).some((v) => isPresent(v, 0));
        return filter.op === 'eq' ? !present : filter.op === 'ne' && present;
      }
      const resolved = found && withImplicitValue(found);
      if (!resolved) return filter.op === 'ne';
      const values = valuesAt(ctx, resolved, data);
      const def = leafOf(resolved);
      const value = filter.value;
      if (filter.op === 'ne') return !values.some((v) => compareValue(def, 'eq', v, value));
      return values.some((v) => compareValue(def, filter.op, v, value));
    }
    case 'valuePath': {
      const outer = ctx.kind === 'resource' ? lookupFilterPath(ctx, filter.path) : undefined;
      if (!outer || outer.sub || outer.attribute.type !== 'complex') return false;
      const inner: PathContext = { kind: 'element', outer };
      // A missing attribute has no element to satisfy the filter (not even a negated one).
      return valuesAt(ctx, outer, data)
        .filter((element) => element !== undefined && element !== null)
        .some((element) => evaluate(filter.filter, inner, element));
    }
  }
}

/** The values a path reaches, one per element of a multi-valued attribute. */
function valuesAt(ctx: PathContext, r: ResolvedAttribute, data: unknown): unknown[] {
  if (ctx.kind === 'element') return r.sub ? [keyOf(data, r.sub.name)] : [];
  const container = r.inExtension ? keyOf(data, r.schema.id) : data;
  const value = r.attribute === schemasAttribute ? schemasOf(ctx.rs, data) : keyOf(container, r.attribute.name);
  const items = r.attribute.multiValued ? (Array.isArray(value) ? value : [value]) : [value];
  const sub = r.sub;
  return sub ? items.map((item) => keyOf(item, sub.name)) : items;
}

/** `schemas` as stored, or else the core URN and the URNs of the extensions present. */
function schemasOf(rs: ResourceSchema, data: unknown): unknown {
  const stored = keyOf(data, 'schemas');
  if (Array.isArray(stored)) return stored;
  const present = rs.extensions.filter((s) => isPresent(keyOf(data, s.id), 0)).map((s) => s.id);
  return [rs.core.id, ...present];
}

/** Reads a key by its canonical name, falling back to any case (documents from elsewhere). */
function keyOf(data: unknown, key: string): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  if (Object.hasOwn(record, key)) return record[key];
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

// Depth-bounded: schema-shaped values are at most three levels deep.
function isPresent(v: unknown, depth: number): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (typeof v !== 'object') return true;
  if (depth > 3) return true;
  const items = Array.isArray(v) ? v : Object.values(v);
  return items.some((item) => isPresent(item, depth + 1));
}

/** A complex attribute compared directly means its `value` (prepared filters say so already). */
function withImplicitValue(r: ResolvedAttribute): ResolvedAttribute | undefined {
  if (r.sub || r.attribute.type !== 'complex') return r;
  const value = findAttribute(r.attribute.subAttributes ?? [], 'value');
  return value && { ...r, sub: value, docPath: [...r.docPath, value.name] };
}
