import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { checkAlias, type JsonLoc, type JsonSql } from '../json-sql.ts';

/**
 * A JSON path for json_extract and friends: `$."name"."givenName"`. Every segment is
 * quoted, so URNs (`urn:...:2.0:User`) and `$ref` need nothing special. SQLite has no
 * escape for a double quote inside a quoted label; schema names never contain one.
 */
function jsonPath(segments: readonly string[]): string {
  for (const s of segments) {
    if (s.includes('"')) throw new Error(`Attribute name ${JSON.stringify(s)} cannot be a JSON path segment`);
  }
  return `$${segments.map((s) => `."${s}"`).join('')}`;
}

const col = (alias: string, name: 'value' | 'type' | 'key'): RawBuilder<unknown> =>
  sql.ref(`${checkAlias(alias)}.${name}`);

/**
 * How to read a location: a JSON text plus a path, or (a scalar element of json_each)
 * the element's own `value` and `type` columns, which hold SQL values, not JSON text.
 */
type Source =
  | { readonly kind: 'json'; readonly base: Expression<unknown>; readonly path: string }
  | { readonly kind: 'scalar'; readonly alias: string };

function sourceOf(loc: JsonLoc): Source {
  if (loc.kind === 'doc') return { kind: 'json', base: loc.column, path: jsonPath(loc.path) };
  if (loc.path.length === 0) return { kind: 'scalar', alias: loc.alias };
  // json_each's value is JSON text only for objects and arrays; the guard keeps a
  // stray scalar element away from json_extract, which would reject it as malformed.
  const base = sql`(case when ${col(loc.alias, 'type')} = 'object' then ${col(loc.alias, 'value')} end)`;
  return { kind: 'json', base, path: jsonPath(loc.path) };
}

/** json_type's answer: null, true, false, integer, real, text, array, object; NULL if absent. */
const typeOf = (s: Source): RawBuilder<string | null> =>
  s.kind === 'json' ? sql`json_type(${s.base}, ${s.path})` : sql`${col(s.alias, 'type')}`;

const valueOf = (s: Source): RawBuilder<unknown> =>
  s.kind === 'json' ? sql`json_extract(${s.base}, ${s.path})` : sql`${col(s.alias, 'value')}`;

const scalarPresent = (type: RawBuilder<unknown>, value: RawBuilder<unknown>): RawBuilder<SqlBool> =>
  sql`(${type} in ('integer', 'real', 'true', 'false') or (${type} = 'text' and ${value} <> ''))`;

// json_tree walks the value and everything inside it; `atom` is a leaf's SQL value.
const treePresent = (base: Expression<unknown>, path: string | undefined): RawBuilder<SqlBool> => {
  const tree = path === undefined ? sql`json_tree(${base})` : sql`json_tree(${base}, ${path})`;
  return sql`exists (select 1 from ${tree} as jt where ${scalarPresent(sql`jt.type`, sql`jt.atom`)})`;
};

/**
 * SQLite (3.38+, JSON built in): json_extract, json_type, json_each and json_tree over the
 * TEXT document. Comparisons are BINARY (code point order). `lower()` folds ASCII only
 * unless the connection installs {@link installUnicodeLower}.
 */
export const sqliteJson: JsonSql = {
  text: (loc) => {
    const s = sourceOf(loc);
    return sql`(case when ${typeOf(s)} = 'text' then ${valueOf(s)} end)`;
  },
  number: (loc) => {
    const s = sourceOf(loc);
    return sql`(case when ${typeOf(s)} in ('integer', 'real') then ${valueOf(s)} end)`;
  },
  booleanInt: (loc) => sql`(case ${typeOf(sourceOf(loc))} when 'true' then 1 when 'false' then 0 end)`,
  isBoolean: (loc, value) => sql`coalesce(${typeOf(sourceOf(loc))} = ${value ? 'true' : 'false'}, false)`,
  isObject: (loc) => sql`coalesce(${typeOf(sourceOf(loc))} = 'object', false)`,
  present: (loc, deep) => {
    const s = sourceOf(loc);
    const scalar = scalarPresent(typeOf(s), valueOf(s));
    if (!deep) return sql`coalesce(${scalar}, false)`;
    if (s.kind === 'json') return treePresent(s.base, s.path);
    const nested = treePresent(col(s.alias, 'value'), undefined);
    const container = sql`${col(s.alias, 'type')} in ('object', 'array')`;
    return sql`coalesce(case when ${container} then ${nested} else ${scalar} end, false)`;
  },
  elements: (loc, alias) => {
    const s = sourceOf(loc);
    // json_each would walk an object's members or yield a scalar itself: arrays only.
    const array =
      s.kind === 'json'
        ? sql`json_each(case when json_type(${s.base}, ${s.path}) = 'array' then ${s.base} end, ${s.path})`
        : sql`json_each(case when ${col(s.alias, 'type')} = 'array' then ${col(s.alias, 'value')} end)`;
    return sql`${array} as ${sql.id(checkAlias(alias))}`;
  },
  elementIndex: (alias) => sql`${col(alias, 'key')}`,
  textParam: (value) => sql`${value}`,
  numberParam: (value) => sql`${value}`,
  intParam: (value) => sql`${value}`,
  lower: (text) => sql`lower(${text})`,
  byCodePoint: (text) => sql`${text}`,
  contains: (text, part) => sql`(instr(${text}, ${part}) > 0)`,
  startsWith: (text, part) => sql`(substr(${text}, 1, length(${part})) = ${part})`,
  // A start before the first character yields a shorter string, which cannot equal `part`.
  endsWith: (text, part) => sql`(substr(${text}, length(${text}) - length(${part}) + 1) = ${part})`,
  intText: (value) => sql`cast(${value} as text)`,
};
