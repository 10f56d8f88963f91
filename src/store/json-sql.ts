import type { Expression, RawBuilder, SqlBool } from 'kysely';

/**
 * Where a JSON value sits: under `path` in a row's document column, or under `path` in the
 * current element of an array iterated with {@link JsonSql.elements} as `alias` (an empty
 * path is the element itself). Path segments are canonical attribute names and URNs.
 */
export type JsonLoc =
  | { readonly kind: 'doc'; readonly column: Expression<unknown>; readonly path: readonly string[] }
  | { readonly kind: 'element'; readonly alias: string; readonly path: readonly string[] };

/**
 * What the filter and sort compilers need from a dialect to read JSON documents (TEXT with
 * JSON on SQLite, JSONB on PostgreSQL) and to compare text the same way on both.
 *
 * Readers yield NULL for an absent value and for a value of another JSON type (a number
 * where a string was expected): stored documents are in canonical form, so a type
 * mismatch means "no such value". Predicates marked "never NULL" are safe under `NOT`.
 * Values reach the database as bound parameters; path segments are bound or quoted.
 *
 * @example
 * const email = { kind: 'doc', column: sql.ref('users.doc'), path: ['emails'] } as const;
 * sql`exists (select 1 from ${json.elements(email, 'e')}
 *   where ${json.text({ kind: 'element', alias: 'e', path: ['type'] })} = ${'work'})`
 */
export interface JsonSql {
  /** The JSON string at `loc` as SQL text; NULL when absent or not a string. */
  text(loc: JsonLoc): RawBuilder<string | null>;
  /** The JSON number at `loc` as a double; NULL when absent or not a number. */
  number(loc: JsonLoc): RawBuilder<number | null>;
  /** 1 for JSON true, 0 for false, NULL otherwise: a sortable boolean. */
  booleanInt(loc: JsonLoc): RawBuilder<number | null>;
  /** TRUE when the value at `loc` is the JSON boolean `value`. Never NULL. */
  isBoolean(loc: JsonLoc, value: boolean): RawBuilder<SqlBool>;
  /** TRUE when the value at `loc` is a JSON object. Never NULL. */
  isObject(loc: JsonLoc): RawBuilder<SqlBool>;
  /**
   * SCIM `pr`: not absent, null or "". With `deep`, an array or object counts when any
   * value inside it does (`[{}]` and `{"a": ""}` are not present). Never NULL.
   */
  present(loc: JsonLoc, deep: boolean): RawBuilder<SqlBool>;
  /**
   * A FROM item: one row per element of the array at `loc`, named `alias`; no rows when
   * the value is absent or not an array. Read elements with `{ kind: 'element', alias }`.
   */
  elements(loc: JsonLoc, alias: string): RawBuilder<unknown>;
  /** The 0-based position of the current element of `alias` in its array. */
  elementIndex(alias: string): RawBuilder<number>;

  /** A text parameter, typed where the dialect needs it (PostgreSQL's unknown literals). */
  textParam(value: string): RawBuilder<string>;
  /** A number parameter comparable with {@link number}. */
  numberParam(value: number): RawBuilder<number>;
  /** An integer parameter comparable with {@link booleanInt} and integer columns. */
  intParam(value: number): RawBuilder<number>;
  /** Case folding for caseExact false attributes. */
  lower(text: Expression<unknown>): RawBuilder<string | null>;
  /**
   * The text, compared and ordered by code point (UTF-8 bytes) whatever the database's
   * collation: SQLite's BINARY, PostgreSQL's `COLLATE "C"`.
   */
  byCodePoint(text: Expression<unknown>): RawBuilder<string | null>;
  /** Case-exact substring tests; NULL when `text` is NULL, never a pattern match (no LIKE). */
  contains(text: Expression<unknown>, part: Expression<unknown>): RawBuilder<SqlBool>;
  startsWith(text: Expression<unknown>, part: Expression<unknown>): RawBuilder<SqlBool>;
  endsWith(text: Expression<unknown>, part: Expression<unknown>): RawBuilder<SqlBool>;
  /** An integer column as text (`meta.version` is `W/"<version>"`). */
  intText(value: Expression<unknown>): RawBuilder<string>;
}

const ALIAS = /^[a-z_][a-z0-9_]*$/;

/** Aliases are chosen by the compilers; this keeps a mistake from reaching SQL text. */
export function checkAlias(alias: string): string {
  if (!ALIAS.test(alias)) throw new Error(`Invalid SQL alias "${alias}"`);
  return alias;
}
