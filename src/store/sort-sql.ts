import { sql, type RawBuilder } from 'kysely';
import type { AttributeDef } from '../scim/schema/attribute.ts';
import { commonAttributes } from '../scim/schema/common.ts';
import { findAttribute, splitAttributePath, type ResolvedAttribute } from '../scim/schema/resource-schema.ts';
import { lookupPath } from '../scim/filter/resolve-filter-path.ts';
import { badRequest, ScimError } from '../scim/error.ts';
import { attributeTarget, outerAlias, type TargetContext } from './attribute-target.ts';
import type { JsonSql } from './json-sql.ts';
import { isHidden, type ElementFields, type SqlField } from './sql-field.ts';

/** How a sort value reads back and binds: text, a double, or 0/1 for a boolean. */
export type SortValueKind = 'text' | 'number' | 'int';

/**
 * A resolved sort: the rows' total order is (sort value, missing last; then id) when
 * ascending and its exact reverse when descending. Without a sort key (no `sortBy`, or one
 * that is the same for every row) the order is by id alone, which the primary key index
 * serves; ids are random UUIDs, so that order is stable but not creation order.
 */
export interface SortSpec {
  readonly key?: {
    /** The row's sort value, as the cursor keeps it. */
    readonly value: RawBuilder<unknown>;
    /** The same value as compared and ordered (code point order on PostgreSQL). */
    readonly ordered: RawBuilder<unknown>;
    readonly kind: SortValueKind;
  };
  /** The row's id column. */
  readonly id: RawBuilder<unknown>;
  readonly descending: boolean;
  readonly json: JsonSql;
}

const refuse = (detail: string): never => {
  throw badRequest('invalidValue', detail);
};

/**
 * Resolves `sortBy` (any attribute path, names case-insensitive) and `sortOrder` for the
 * rows of `ctx.alias`. Strings sort lower-cased unless caseExact; a multi-valued
 * attribute sorts by its primary element, else its first (RFC 7644 3.4.2.3).
 *
 * @throws ScimError 400 invalidValue for an unknown or unsortable attribute.
 * @example sortSpec('name.familyName', 'descending', { rs, alias: 'users', json })
 */
export function sortSpec(
  sortBy: string | undefined,
  sortOrder: 'ascending' | 'descending' | undefined,
  ctx: TargetContext,
): SortSpec {
  const id = sql.ref(`${outerAlias(ctx.alias)}.id`);
  const base = { id, descending: sortOrder === 'descending', json: ctx.json };
  if (sortBy === undefined || sortBy.trim() === '') return base;
  const text = sortBy.trim();
  const r = lookupPath({ kind: 'resource', rs: ctx.rs }, splitAttributePath(ctx.rs, text));
  if (!r) return refuse(`sortBy "${text}" is not an attribute of ${ctx.rs.name}`);
  if (isHidden(r)) return refuse(`sortBy "${text}" cannot be used`);
  if (r.schema === commonAttributes && r.attribute.name === 'id') return base;
  try {
    const key = sortKey(ctx, r, text);
    return key ? { ...base, key } : base;
  } catch (error) {
    // The shared target code speaks of filters; here the client's sortBy was at fault.
    if (error instanceof ScimError && error.scimType === 'invalidFilter') {
      return refuse(`sortBy "${text}": ${error.message}`);
    }
    throw error;
  }
}

function sortKey(ctx: TargetContext, r: ResolvedAttribute, text: string): SortSpec['key'] {
  const complex = r.attribute.type === 'complex';
  const sub = r.sub ?? (complex ? findAttribute(r.attribute.subAttributes ?? [], 'value') : undefined);
  const leaf = sub ?? r.attribute;
  if (leaf.type === 'complex' || (sub !== undefined && sub.multiValued)) {
    return refuse(`sortBy "${text}" names a complex attribute; name one of its sub-attributes`);
  }
  const target = attributeTarget(ctx, r);
  switch (target.kind) {
    case 'scalar':
      return keyOf(ctx.json, leaf, target.field);
    case 'object':
      return keyOf(ctx.json, leaf, target.fields(sub));
    case 'many': {
      if (!target.first) return refuse(`sortBy "${text}" is not supported`);
      const kind = kindOf(leaf);
      const value = target.first((fields: ElementFields) => valueOnly(ctx.json, leaf, fields(sub)));
      return { value, ordered: kind === 'text' ? ctx.json.byCodePoint(value) : value, kind };
    }
  }
}

function valueOnly(json: JsonSql, def: AttributeDef, field: SqlField): RawBuilder<unknown> {
  return keyOf(json, def, field)?.value ?? sql`null`;
}

const kindOf = (def: AttributeDef): SortValueKind =>
  def.type === 'boolean' ? 'int' : def.type === 'integer' || def.type === 'decimal' ? 'number' : 'text';

/** The sort value of one field; undefined when it is the same for every row. */
function keyOf(json: JsonSql, def: AttributeDef, field: SqlField): SortSpec['key'] {
  if (field.kind === 'const') return undefined;
  switch (def.type) {
    case 'boolean': {
      const value = field.kind === 'json' ? json.booleanInt(field.loc) : field.expr;
      return { value, ordered: value, kind: 'int' };
    }
    case 'integer':
    case 'decimal': {
      const value = field.kind === 'json' ? json.number(field.loc) : field.expr;
      return { value, ordered: value, kind: 'number' };
    }
    case 'dateTime': {
      // toISOString() text orders by time under any collation, so indexes still serve.
      const value = field.kind === 'json' ? json.text(field.loc) : field.expr;
      return { value, ordered: value, kind: 'text' };
    }
    case 'string':
    case 'reference':
    case 'binary': {
      const exact = def.caseExact || def.type === 'binary';
      const text = field.kind === 'json' ? json.text(field.loc) : field.expr;
      const value = exact ? text : field.kind === 'column' && field.lowered ? field.lowered : json.lower(text);
      return { value, ordered: json.byCodePoint(value), kind: 'text' };
    }
    case 'complex':
      return refuse(`Attribute "${def.name}" is complex; name one of its sub-attributes`);
  }
}

/**
 * The ORDER BY list of a sort, for `query.orderBy(orderBySql(spec))`; `reverse` gives the
 * opposite order, to read the page before a cursor (then reverse the rows read).
 *
 * @example orderBySql(spec) // sql`lower(...) asc nulls last, "users"."id" asc`
 */
export function orderBySql(spec: SortSpec, reverse = false): RawBuilder<unknown> {
  const descending = spec.descending !== reverse;
  const direction = sql.raw(descending ? 'desc' : 'asc');
  if (!spec.key) return sql`${spec.id} ${direction}`;
  const nulls = sql.raw(descending ? 'nulls first' : 'nulls last');
  return sql`${spec.key.ordered} ${direction} ${nulls}, ${spec.id} ${direction}`;
}

/**
 * The row's sort value, to select and keep in a cursor with the row's id; NULL when the
 * sort has no key (the id alone orders).
 *
 * @example query.select(sortValueSql(spec).as('sort_value'))
 */
export function sortValueSql(spec: SortSpec): RawBuilder<unknown> {
  return spec.key?.value ?? sql`null`;
}
