import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { badRequest } from '../scim/error.ts';
import type { SortSpec } from './sort-sql.ts';

/** A row's place in a sort: its sort value (`sortValueSql`, NULL when missing) and id. */
export interface SortCursor {
  readonly value: string | number | null;
  readonly id: string;
}

/**
 * Keyset paging (RFC 9865 cursors): the rows strictly after `cursor` in the sort's order.
 * Missing sort values come after present ones when ascending, before them when
 * descending, and ties break on id, exactly as `orderBySql` orders.
 *
 * @throws ScimError 400 invalidCursor when the cursor's value does not fit the sort.
 * @example
 * query.where(afterCursorSql(spec, { value: 'smith', id: 'c0ffee…' }))
 *   .orderBy(orderBySql(spec)).limit(count)
 */
export function afterCursorSql(spec: SortSpec, cursor: SortCursor): RawBuilder<SqlBool> {
  return spec.descending ? lessThan(spec, checked(cursor)) : greaterThan(spec, checked(cursor));
}

/**
 * The rows strictly before `cursor` in the sort's order: read them with
 * `orderBySql(spec, true)` and a limit, then reverse them, for a previous page.
 *
 * @throws ScimError 400 invalidCursor when the cursor's value does not fit the sort.
 * @example query.where(beforeCursorSql(spec, cursor)).orderBy(orderBySql(spec, true)).limit(count)
 */
export function beforeCursorSql(spec: SortSpec, cursor: SortCursor): RawBuilder<SqlBool> {
  return spec.descending ? greaterThan(spec, checked(cursor)) : lessThan(spec, checked(cursor));
}

// The ascending order is (value is null, value, id); "greater" and "less" are in it.
function checked(cursor: SortCursor): SortCursor {
  // PostgreSQL text cannot hold U+0000; a forged cursor must not fail the query.
  const nul = (v: unknown): boolean => typeof v === 'string' && v.includes('\u0000');
  if (typeof cursor.id !== 'string' || nul(cursor.id) || nul(cursor.value)) {
    throw badRequest('invalidCursor', 'The cursor does not belong to this sort order');
  }
  return cursor;
}

function greaterThan(spec: SortSpec, cursor: SortCursor): RawBuilder<SqlBool> {
  const id = sql`${spec.id} > ${cursor.id}`;
  if (!spec.key) return sql`(${id})`;
  const s = spec.key.ordered;
  if (cursor.value === null) return sql`(${s} is null and ${id})`;
  const v = param(spec, cursor.value);
  return sql`(${s} is null or ${s} > ${v} or (${s} = ${v} and ${id}))`;
}

function lessThan(spec: SortSpec, cursor: SortCursor): RawBuilder<SqlBool> {
  const id = sql`${spec.id} < ${cursor.id}`;
  if (!spec.key) return sql`(${id})`;
  const s = spec.key.ordered;
  if (cursor.value === null) return sql`(${s} is not null or ${id})`;
  const v = param(spec, cursor.value);
  return sql`(${s} is not null and (${s} < ${v} or (${s} = ${v} and ${id})))`;
}

function param(spec: SortSpec, value: string | number): RawBuilder<unknown> {
  const kind = spec.key?.kind;
  if (kind === 'text' && typeof value === 'string') return spec.json.textParam(value);
  if (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) {
    return spec.json.numberParam(value);
  }
  if (kind === 'int' && (value === 0 || value === 1)) return spec.json.intParam(value);
  throw badRequest('invalidCursor', 'The cursor does not belong to this sort order');
}
