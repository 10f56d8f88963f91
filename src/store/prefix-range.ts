import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { JsonSql } from './json-sql.ts';

/** The strings that start with a prefix, as a half-open range in code point order. */
export interface PrefixRange {
  readonly from: string;
  /** Undefined when nothing bounds the range (a prefix made of U+10FFFF only). */
  readonly to: string | undefined;
}

const MAX_CODE_POINT = 0x10ffff;

/**
 * The range [from, to) holding exactly the strings that start with `prefix` in code point
 * order: `to` is the prefix with its last code point incremented.
 *
 * @example prefixRange('ann') // { from: 'ann', to: 'ano' }
 */
export function prefixRange(prefix: string): PrefixRange {
  const points = Array.from(prefix, (c) => c.codePointAt(0) ?? 0);
  while (points.length > 0 && points.at(-1) === MAX_CODE_POINT) points.pop();
  const last = points.pop();
  if (last === undefined) return { from: prefix, to: undefined };
  // Surrogates are not characters: the one after U+D7FF is U+E000.
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return { from: prefix, to: String.fromCodePoint(...points, next) };
}

/**
 * `expr` starts with `prefix`, written so that an index on `expr` serves it: a range scan
 * of the matches instead of a test of every row (which `LIKE 'p%'` on PostgreSQL's default
 * operator class and `starts_with` would be). The range assumes code point order (SQLite's
 * BINARY, PostgreSQL's C and C.UTF-8 collations); the exact test after it keeps a
 * linguistic collation from adding strings that do not start with the prefix.
 *
 * @example query.where(startsWithSql(json, sql.ref('user_name_lower'), 'ann'))
 */
export function startsWithSql(json: JsonSql, expr: Expression<unknown>, prefix: string): RawBuilder<SqlBool> {
  const { from, to } = prefixRange(prefix);
  const upper = to === undefined ? sql`` : sql` and ${expr} < ${json.textParam(to)}`;
  return sql<SqlBool>`(${expr} >= ${json.textParam(from)}${upper} and ${json.startsWith(expr, json.textParam(prefix))})`;
}
