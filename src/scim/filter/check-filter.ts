import type { AttributePath, ResolvedAttribute } from '../schema/resource-schema.ts';
import { findAttribute, leafOf } from '../schema/resource-schema.ts';
import type { Filter } from './ast.ts';
import { checkOperator, coerceFilterValue } from './coerce-filter-value.ts';
import { invalidFilter } from './filter-error.ts';
import { numberText } from './number-text.ts';
import { formatPath, resolveFilterPath, type PathContext } from './resolve-filter-path.ts';

/**
 * Validates a parsed filter against the schema and returns its prepared form, which
 * storage and the evaluator rely on:
 *
 * - paths in canonical case; `uri` only on extension attributes (the core URN is dropped);
 * - a complex attribute compared directly means its `value` (`emails co "@x"` becomes
 *   `emails.value co "@x"`, as in RFC 7644's examples);
 * - values coerced to the attribute's type (`coerceFilterValue`);
 * - no `null` values: `x eq null` becomes `not (x pr)` and `x ne null` becomes `x pr`.
 *
 * @throws ScimError 400 invalidFilter naming the offending path, operator or value.
 * @example
 * checkFilter(parseFilter('EMAILS co "@x"', rs), { kind: 'resource', rs })
 * // => { kind: 'compare', path: { attr: 'emails', sub: 'value' }, op: 'co', value: '@x' }
 */
export function checkFilter(filter: Filter, ctx: PathContext): Filter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return { kind: filter.kind, left: checkFilter(filter.left, ctx), right: checkFilter(filter.right, ctx) };
    case 'not':
      return { kind: 'not', filter: checkFilter(filter.filter, ctx) };
    case 'present':
      return { kind: 'present', path: canonicalPath(ctx, resolveUsable(ctx, filter.path)) };
    case 'compare': {
      const resolved = resolveUsable(ctx, filter.path);
      if (filter.value === null) {
        if (filter.op !== 'eq' && filter.op !== 'ne') {
          throw invalidFilter(`null can only be compared with "eq" or "ne", not "${filter.op}"`);
        }
        const present: Filter = { kind: 'present', path: canonicalPath(ctx, resolved) };
        return filter.op === 'eq' ? { kind: 'not', filter: present } : present;
      }
      const leaf = withImplicitValue(resolved, filter.path);
      const written = formatPath(filter.path);
      checkOperator(leafOf(leaf), filter.op, written);
      const raw = filter.value;
      const value = coerceFilterValue(leafOf(leaf), raw, written, () => numberText(filter, Number(raw)));
      return { kind: 'compare', path: canonicalPath(ctx, leaf), op: filter.op, value };
    }
    case 'valuePath': {
      if (ctx.kind === 'element') throw invalidFilter('Brackets cannot nest in a filter');
      const outer = resolveUsable(ctx, filter.path);
      const written = formatPath(filter.path);
      if (outer.sub || outer.attribute.type !== 'complex') {
        throw invalidFilter(`"${written}[...]": brackets need a complex attribute such as "emails"`);
      }
      const inner = checkFilter(filter.filter, { kind: 'element', outer });
      return { kind: 'valuePath', path: canonicalPath(ctx, outer), filter: inner };
    }
  }
}

/** Resolves a path and refuses attributes that must not leak through a filter. */
function resolveUsable(ctx: PathContext, path: AttributePath): ResolvedAttribute {
  const resolved = resolveFilterPath(ctx, path);
  // Matching on a never-returned value (password) would let a client probe it.
  const hidden = [resolved.attribute, resolved.sub].some(
    (def) => def !== undefined && (def.returned === 'never' || def.mutability === 'writeOnly'),
  );
  if (hidden) throw invalidFilter(`Attribute "${formatPath(path)}" cannot be used in a filter`);
  return resolved;
}

function withImplicitValue(resolved: ResolvedAttribute, path: AttributePath): ResolvedAttribute {
  if (resolved.sub || resolved.attribute.type !== 'complex') return resolved;
  const value = findAttribute(resolved.attribute.subAttributes ?? [], 'value');
  if (!value) {
    const example = resolved.attribute.subAttributes?.[0]?.name ?? 'value';
    throw invalidFilter(
      `Attribute "${formatPath(path)}" is complex; compare one of its sub-attributes, such as "${resolved.attribute.name}.${example}"`,
    );
  }
  return { ...resolved, sub: value, docPath: [...resolved.docPath, value.name] };
}

function canonicalPath(ctx: PathContext, r: ResolvedAttribute): AttributePath {
  if (ctx.kind === 'element') return { attr: leafOf(r).name };
  return {
    ...(r.inExtension ? { uri: r.schema.id } : {}),
    attr: r.attribute.name,
    ...(r.sub ? { sub: r.sub.name } : {}),
  };
}
