import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AttributeDef } from '../scim/schema/attribute.ts';
import type { ResolvedAttribute } from '../scim/schema/resource-schema.ts';
import type { CompareOp, FilterValue } from '../scim/filter/ast.ts';
import { compareValue } from '../scim/filter/compare-value.ts';
import { badRequest } from '../scim/error.ts';
import { userNameKey } from '../scim/resource/user-name-key.ts';
import type { JsonLoc, JsonSql } from './json-sql.ts';

/**
 * Where one value of an attribute is read in SQL:
 * - `json`: a scalar in the document (or in an array element);
 * - `column`: an expression over real columns: text, or 0/1 for a boolean. `lowered` is
 *   the same text already folded by JavaScript when stored (`user_name_lower`, folded by
 *   `userNameKey`), which caseExact-false comparisons use with a value folded the same
 *   way, so its index serves;
 * - `const`: the same for every row (`meta.resourceType`), compared in JavaScript.
 */
export type SqlField =
  | { readonly kind: 'json'; readonly loc: JsonLoc }
  | {
      readonly kind: 'column';
      readonly expr: RawBuilder<unknown>;
      readonly nullable: boolean;
      readonly lowered?: RawBuilder<unknown>;
      /** Ordering comparisons keep the column's collation (ASCII fixed-layout ids, timestamps). */
      readonly plainOrder?: boolean;
    }
  | { readonly kind: 'const'; readonly value: string };

/** The sub-attributes of one element (or of a single complex value) as fields. */
export type ElementFields = (sub: AttributeDef | undefined) => SqlField;

/**
 * An attribute as SQL:
 * - `scalar`: a single-valued simple attribute;
 * - `object`: a single-valued complex attribute (`name`, `meta`, `manager`);
 * - `many`: a multi-valued attribute, matched through `any` (an EXISTS over its
 *   elements); `first`, when the elements have an order, picks RFC 7644's sort element.
 */
export type AttributeTarget =
  | { readonly kind: 'scalar'; readonly field: SqlField }
  | {
      readonly kind: 'object';
      /** `attr pr` */
      readonly present: RawBuilder<SqlBool>;
      /** The value is an object, so `attr[...]` has something to test. */
      readonly isSet: RawBuilder<SqlBool>;
      readonly fields: ElementFields;
    }
  | {
      readonly kind: 'many';
      readonly present: RawBuilder<SqlBool>;
      any(test: (fields: ElementFields) => RawBuilder<SqlBool>): RawBuilder<SqlBool>;
      readonly first?: (pick: (fields: ElementFields) => RawBuilder<unknown>) => RawBuilder<unknown>;
    };

export const TRUE: RawBuilder<SqlBool> = sql<SqlBool>`true`;
export const FALSE: RawBuilder<SqlBool> = sql<SqlBool>`false`;
export const not = (e: RawBuilder<SqlBool>): RawBuilder<SqlBool> => sql<SqlBool>`(not ${e})`;

const SQL_OP: Readonly<Record<'eq' | 'gt' | 'ge' | 'lt' | 'le', string>> = {
  eq: '=',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

const refuse = (detail: string): never => {
  throw badRequest('invalidFilter', detail);
};

/** Never returned, never matched: a filter on it (password) would let a client probe it. */
export const isHidden = (r: ResolvedAttribute): boolean =>
  [r.attribute, r.sub].some((d) => d !== undefined && (d.returned === 'never' || d.mutability === 'writeOnly'));

const refuseOp = (op: CompareOp, type: string, name: string): never =>
  refuse(`Operator "${op}" cannot be used with ${type} attribute "${name}"`);

/** An attribute the store cannot compare or sort by (it only exists when rendered). */
export const unsupported = (what: string): never => refuse(`"${what}" cannot be used in a filter or sortBy here`);

/**
 * One comparison on one value, TRUE or FALSE and never NULL, with the in-memory
 * evaluator's rules (`compareValue`): strings by `caseExact` (binary always exact),
 * numbers numerically, dateTimes as ISO text, booleans by `eq` only; `ne` is `not eq`.
 *
 * @throws ScimError 400 invalidFilter for an operator or value the type cannot take.
 * @example compareField(json, userNameDef, userNameField, 'sw', 'bj') // lower-cased prefix test
 */
export function compareField(
  json: JsonSql,
  def: AttributeDef,
  field: SqlField,
  op: CompareOp,
  value: FilterValue,
  name: string,
): RawBuilder<SqlBool> {
  if (op === 'ne') return not(compareField(json, def, field, 'eq', value, name));
  if (value === null) return refuse(`"${name}" can only be compared with null by "eq" or "ne"`);
  // PostgreSQL text cannot hold U+0000 and would fail the whole query.
  if (typeof value === 'string' && value.includes('\u0000')) {
    return refuse(`"${name}" is compared with a NUL character`);
  }
  if (field.kind === 'const') return compareValue(def, op, field.value, value) ? TRUE : FALSE;
  const guard = (cmp: RawBuilder<SqlBool>): RawBuilder<SqlBool> => {
    if (field.kind === 'json') return sql`coalesce(${cmp}, false)`;
    // `x = ? and x is not null` is FALSE, not NULL, on a NULL column, and the index on x
    // still serves the equality (a coalesce around it would hide the column).
    return field.nullable ? sql`(${cmp} and ${field.expr} is not null)` : cmp;
  };
  const wrongValue = (expected: string): never =>
    refuse(`"${name}" is compared with ${JSON.stringify(value)}; expected ${expected}`);
  switch (def.type) {
    case 'boolean': {
      if (typeof value !== 'boolean') return wrongValue('true or false');
      if (op !== 'eq') return refuseOp(op, 'boolean', name);
      if (field.kind === 'json') return json.isBoolean(field.loc, value);
      return guard(sql`(${field.expr} = ${json.intParam(value ? 1 : 0)})`);
    }
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrongValue('a number');
      if (op === 'co' || op === 'sw' || op === 'ew') return refuseOp(op, 'number', name);
      const x = field.kind === 'json' ? json.number(field.loc) : field.expr;
      return guard(sql`(${x} ${sql.raw(SQL_OP[op])} ${json.numberParam(value)})`);
    }
    case 'dateTime': {
      if (typeof value !== 'string') return wrongValue('a dateTime');
      if (op === 'co' || op === 'sw' || op === 'ew') return refuseOp(op, 'dateTime', name);
      // toISOString() text: fixed layout, so text order is time order in every collation.
      const x = field.kind === 'json' ? json.text(field.loc) : field.expr;
      return guard(sql`(${x} ${sql.raw(SQL_OP[op])} ${json.textParam(value)})`);
    }
    case 'string':
    case 'reference':
    case 'binary': {
      if (typeof value !== 'string') return wrongValue('a string');
      if (def.type === 'binary' && op !== 'eq' && op !== 'co' && op !== 'sw' && op !== 'ew') {
        return refuseOp(op, 'binary', name);
      }
      return guard(compareText(json, field, def.caseExact || def.type === 'binary', op, value));
    }
    case 'complex':
      return refuse(`Attribute "${name}" is complex; compare one of its sub-attributes`);
  }
}

function compareText(
  json: JsonSql,
  field: Exclude<SqlField, { kind: 'const' }>,
  exact: boolean,
  op: Exclude<CompareOp, 'ne'>,
  value: string,
): RawBuilder<SqlBool> {
  const text = field.kind === 'json' ? json.text(field.loc) : field.expr;
  let left: RawBuilder<unknown> = text;
  let right: RawBuilder<unknown> = json.textParam(value);
  if (!exact && field.kind === 'column' && field.lowered) {
    left = field.lowered;
    right = json.textParam(userNameKey(value));
  } else if (!exact) {
    left = json.lower(text);
    right = json.lower(right);
  }
  switch (op) {
    case 'eq':
      return sql`(${left} = ${right})`;
    case 'co':
      return json.contains(left, right);
    case 'sw':
      return json.startsWith(left, right);
    case 'ew':
      return json.endsWith(left, right);
    default: {
      const ordered = field.kind === 'column' && field.plainOrder ? left : json.byCodePoint(left);
      return sql`(${ordered} ${sql.raw(SQL_OP[op])} ${right})`;
    }
  }
}

/**
 * SCIM `pr` on one value: not absent, null or "" (an array or object when something
 * inside it is). Never NULL.
 *
 * @example presentField(json, titleDef, { kind: 'json', loc }) // json.present(loc, false)
 */
export function presentField(json: JsonSql, def: AttributeDef, field: SqlField): RawBuilder<SqlBool> {
  switch (field.kind) {
    case 'json':
      return json.present(field.loc, def.multiValued || def.type === 'complex');
    case 'column':
      if (!field.nullable) return def.type === 'boolean' ? TRUE : sql`(${field.expr} <> '')`;
      return def.type === 'boolean' ? sql`(${field.expr} is not null)` : sql`coalesce(${field.expr} <> '', false)`;
    case 'const':
      return field.value !== '' ? TRUE : FALSE;
  }
}
