import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AttributeDef } from '../scim/schema/attribute.ts';
import { coreGroupSchema } from '../scim/schema/core-group.ts';
import { findAttribute, type AttributePath, type ResolvedAttribute } from '../scim/schema/resource-schema.ts';
import type { CompareOp, Filter } from '../scim/filter/ast.ts';
import { formatPath, resolveFilterPath } from '../scim/filter/resolve-filter-path.ts';
import { badRequest } from '../scim/error.ts';
import { attributeTarget, type TargetContext } from './attribute-target.ts';
import { checkAlias, type JsonSql } from './json-sql.ts';
import { memberFields } from './membership-target.ts';
import { compareField, isHidden, not, presentField, unsupported, type ElementFields } from './sql-field.ts';

/** The row a filter is compiled against: see {@link TargetContext}. */
export type FilterSqlContext = TargetContext;

const refuse = (detail: string): never => {
  throw badRequest('invalidFilter', detail);
};

/**
 * Compiles a prepared filter (`prepareFilter`) to a WHERE condition on the users or groups
 * row `ctx.alias`, with the in-memory evaluator's semantics (`matchesFilter`). Every part
 * is TRUE or FALSE, never NULL, so `not` and `ne` are exact negations even where the
 * attribute is missing. Values are bound parameters. The caller adds the tenant condition
 * for the outer row; subqueries follow the outer row's tenant.
 *
 * @throws ScimError 400 invalidFilter for an unknown path or an unusable operator or value.
 * @example
 * db.selectFrom('users').selectAll()
 *   .where('tenant_id', '=', tenantId)
 *   .where(filterToSql(prepareFilter('emails[type eq "work" and value co "@x"]', rs),
 *     { rs, alias: 'users', json: store.json }))
 */
export function filterToSql(filter: Filter, ctx: FilterSqlContext): RawBuilder<SqlBool> {
  switch (filter.kind) {
    case 'and':
      return sql`(${filterToSql(filter.left, ctx)} and ${filterToSql(filter.right, ctx)})`;
    case 'or':
      return sql`(${filterToSql(filter.left, ctx)} or ${filterToSql(filter.right, ctx)})`;
    case 'not':
      return not(filterToSql(filter.filter, ctx));
    case 'present':
      return presentAt(ctx, resolve(ctx, filter.path));
    case 'compare': {
      const r = resolve(ctx, filter.path);
      if (filter.value === null) return nullCompare(filter.op, presentAt(ctx, r));
      return compareAt(ctx, r, filter.op, filter.value, formatPath(filter.path));
    }
    case 'valuePath': {
      const r = resolve(ctx, filter.path);
      const target = attributeTarget(ctx, r);
      const inner = (fields: ElementFields): RawBuilder<SqlBool> =>
        elementFilter(filter.filter, r.attribute, fields, ctx.json);
      if (r.sub || target.kind === 'scalar') {
        return refuse(`"${formatPath(filter.path)}[...]": brackets need a complex attribute such as "emails"`);
      }
      if (target.kind === 'many') return target.any(inner);
      return sql`(${target.isSet} and ${inner(target.fields)})`;
    }
  }
}

/**
 * Compiles a filter on member sub-attributes (`value`, `type`, `display`) against a
 * `group_members` row: PATCH's `remove members[value eq "..."]`.
 *
 * @example
 * trx.deleteFrom('group_members as gm').where('gm.group_id', '=', id)
 *   .where(memberFilterToSql(parseValueFilter('value eq "2819c223"', rs, members), { alias: 'gm', json }))
 */
export function memberFilterToSql(
  filter: Filter,
  ctx: { readonly alias: string; readonly json: JsonSql; readonly baseUrl?: string },
): RawBuilder<SqlBool> {
  const members = findAttribute(coreGroupSchema.attributes, 'members');
  if (!members) throw new Error('The Group schema has no members attribute');
  return elementFilter(filter, members, memberFields(checkAlias(ctx.alias), ctx.baseUrl), ctx.json);
}

/** A filter inside brackets: paths are sub-attributes of `outer`, read through `fields`. */
function elementFilter(filter: Filter, outer: AttributeDef, fields: ElementFields, json: JsonSql): RawBuilder<SqlBool> {
  const again = (f: Filter): RawBuilder<SqlBool> => elementFilter(f, outer, fields, json);
  switch (filter.kind) {
    case 'and':
      return sql`(${again(filter.left)} and ${again(filter.right)})`;
    case 'or':
      return sql`(${again(filter.left)} or ${again(filter.right)})`;
    case 'not':
      return not(again(filter.filter));
    case 'valuePath':
      return refuse('Brackets cannot nest in a filter');
    case 'present':
    case 'compare': {
      const path = filter.path;
      const sub =
        path.uri === undefined && path.sub === undefined
          ? findAttribute(outer.subAttributes ?? [], path.attr)
          : undefined;
      if (!sub) return refuse(`Unknown sub-attribute "${formatPath(path)}" of "${outer.name}" in filter`);
      const name = `${outer.name}.${sub.name}`;
      if (filter.kind === 'present') return presentField(json, sub, fields(sub));
      if (filter.value === null) return nullCompare(filter.op, presentField(json, sub, fields(sub)));
      return compareField(json, scalarDef(sub, true, name), fields(sub), filter.op, filter.value, name);
    }
  }
}

function resolve(ctx: FilterSqlContext, path: AttributePath): ResolvedAttribute {
  const r = resolveFilterPath({ kind: 'resource', rs: ctx.rs }, path);
  // Matching on a never-returned value (password) would let a client probe it.
  return isHidden(r) ? refuse(`Attribute "${formatPath(path)}" cannot be used in a filter`) : r;
}

/** A comparison on a path: its one value, or any element's (sub-)value. */
function compareAt(
  ctx: FilterSqlContext,
  r: ResolvedAttribute,
  op: CompareOp,
  value: string | number | boolean,
  name: string,
): RawBuilder<SqlBool> {
  // "Not any element equals", not "any element differs": ne is the negation of eq.
  if (op === 'ne') return not(compareAt(ctx, r, 'eq', value, name));
  const sub = r.sub ?? implicitValue(r.attribute);
  const leaf = scalarDef(sub ?? r.attribute, sub !== undefined, name);
  const target = attributeTarget(ctx, r);
  const compare = (fields: ElementFields): RawBuilder<SqlBool> =>
    compareField(ctx.json, leaf, fields(sub), op, value, name);
  switch (target.kind) {
    case 'scalar':
      return compare(() => target.field);
    case 'object':
      return compare(target.fields);
    case 'many':
      return target.any(compare);
  }
}

/** `pr` on a path: the whole attribute, or one sub-attribute of any of its elements. */
function presentAt(ctx: FilterSqlContext, r: ResolvedAttribute): RawBuilder<SqlBool> {
  const target = attributeTarget(ctx, r);
  const sub = r.sub;
  switch (target.kind) {
    case 'scalar':
      return presentField(ctx.json, r.attribute, target.field);
    case 'object':
      return sub ? presentField(ctx.json, sub, target.fields(sub)) : target.present;
    case 'many':
      return sub ? target.any((fields) => presentField(ctx.json, sub, fields(sub))) : target.present;
  }
}

// Prepared filters carry no null (`x eq null` is `not (x pr)`); raw ones may.
function nullCompare(op: string, present: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  if (op === 'eq') return not(present);
  if (op === 'ne') return present;
  return refuse(`null can only be compared with "eq" or "ne", not "${op}"`);
}

/** A complex attribute compared directly means its `value` (RFC 7644's `emails co "@x"`). */
function implicitValue(attribute: AttributeDef): AttributeDef | undefined {
  if (attribute.type !== 'complex') return undefined;
  return (
    findAttribute(attribute.subAttributes ?? [], 'value') ??
    refuse(`Attribute "${attribute.name}" is complex; compare one of its sub-attributes`)
  );
}

/** Comparisons read one scalar; a complex or multi-valued sub-attribute is not one. */
function scalarDef(def: AttributeDef, isSub: boolean, name: string): AttributeDef {
  if (def.type === 'complex') {
    return refuse(`Attribute "${name}" is complex; compare one of its sub-attributes`);
  }
  return isSub && def.multiValued ? unsupported(name) : def;
}
