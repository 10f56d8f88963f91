import { sql, type RawBuilder } from 'kysely';
import { checkAlias, type JsonLoc, type JsonSql } from '../json-sql.ts';

// Anything inside counts unless it is null, an empty string, or a container of such.
const PRESENT_INSIDE =
  'strict $.** ? (@.type() == "number" || @.type() == "boolean" || (@.type() == "string" && @ != ""))';

/** The JSONB value at `loc`; the path is one `text[]` parameter. */
function jsonbAt(loc: JsonLoc): RawBuilder<unknown> {
  const base = loc.kind === 'doc' ? sql`${loc.column}` : sql.ref(`${checkAlias(loc.alias)}.value`);
  return loc.path.length === 0 ? base : sql`(${base} #> cast(${[...loc.path]} as text[]))`;
}

/**
 * PostgreSQL (12+): JSONB operators, jsonb_array_elements and a jsonpath for deep `pr`.
 * Text comparisons that order take `COLLATE "C"` so they match SQLite and code point
 * order whatever the database's collation; equality needs none (and keeps indexes).
 */
export const postgresJson: JsonSql = {
  text: (loc) => {
    const x = jsonbAt(loc);
    return sql`(case when jsonb_typeof(${x}) = 'string' then ${x} #>> '{}' end)`;
  },
  number: (loc) => {
    const x = jsonbAt(loc);
    return sql`(case when jsonb_typeof(${x}) = 'number' then cast(${x} as double precision) end)`;
  },
  booleanInt: (loc) => {
    const x = jsonbAt(loc);
    return sql`(case when ${x} = 'true'::jsonb then 1 when ${x} = 'false'::jsonb then 0 end)`;
  },
  isBoolean: (loc, value) =>
    sql`coalesce(${jsonbAt(loc)} = ${value ? sql`'true'::jsonb` : sql`'false'::jsonb`}, false)`,
  isObject: (loc) => sql`coalesce(jsonb_typeof(${jsonbAt(loc)}) = 'object', false)`,
  present: (loc, deep) => {
    const x = jsonbAt(loc);
    if (deep) return sql`coalesce(jsonb_path_exists(${x}, cast(${PRESENT_INSIDE} as jsonpath)), false)`;
    const type = sql`jsonb_typeof(${x})`;
    return sql`coalesce(${type} in ('number', 'boolean') or (${type} = 'string' and ${x} #>> '{}' <> ''), false)`;
  },
  elements: (loc, alias) => {
    const x = jsonbAt(loc);
    const a = checkAlias(alias);
    // jsonb_array_elements raises on a non-array; NULL yields no rows.
    const array = sql`case when jsonb_typeof(${x}) = 'array' then ${x} end`;
    return sql`jsonb_array_elements(${array}) with ordinality as ${sql.id(a)}(value, ord)`;
  },
  elementIndex: (alias) => sql`(${sql.ref(`${checkAlias(alias)}.ord`)} - 1)`,
  textParam: (value) => sql`cast(${value} as text)`,
  numberParam: (value) => sql`cast(${value} as double precision)`,
  intParam: (value) => sql`cast(${value} as integer)`,
  lower: (text) => sql`lower(${text})`,
  byCodePoint: (text) => sql`(${text} collate "C")`,
  contains: (text, part) => sql`(strpos(${text}, ${part}) > 0)`,
  startsWith: (text, part) => sql`starts_with(${text}, ${part})`,
  endsWith: (text, part) => sql`(right(${text}, length(${part})) = ${part})`,
  intText: (value) => sql`cast(${value} as text)`,
};
