import type { ListQuery } from '../../provisioning/list-query.ts';
import { LIMITS } from '../../scim/discovery/limits.ts';
import { ScimError } from '../../scim/error.ts';
import { describeValue } from '../../scim/resource/json-value.ts';
import { parseAttributeList } from '../../scim/resource/parse-attribute-list.ts';

/** The parameters of a list or search, from a query string or a SearchRequest body. */
export interface RawListParams {
  readonly filter?: unknown;
  readonly sortBy?: unknown;
  readonly sortOrder?: unknown;
  readonly startIndex?: unknown;
  readonly count?: unknown;
  readonly cursor?: unknown;
  readonly attributes?: unknown;
  readonly excludedAttributes?: unknown;
}

function integer(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  // A SearchRequest's JSON number may be written 1e3; a query string's text may not.
  const integral =
    typeof value === 'number' ? Number.isInteger(value) : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value);
  if (!integral) {
    throw new ScimError(400, 'invalidValue', `${name} must be an integer, got ${describeValue(value)}`);
  }
  // Beyond 2^53 a number loses its digits; no list is that long, so clamp rather than refuse.
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number(value)));
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ScimError(400, 'invalidValue', `${name} must be a string, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Applies RFC 7644 section 3.4.2.4's edge rules: startIndex below 1 is 1; a negative count
 * is 0; a count above the maximum is the maximum. startIndex and cursor together are refused.
 */
export function parseListQuery(params: RawListParams, withMembers: boolean): Omit<ListQuery, never> {
  const filter = optionalString('filter', params.filter);
  const sortBy = optionalString('sortBy', params.sortBy);
  const order = optionalString('sortOrder', params.sortOrder);
  if (order !== undefined && !/^(ascending|descending)$/i.test(order)) {
    throw new ScimError(400, 'invalidValue', `sortOrder must be "ascending" or "descending", got "${order}"`);
  }
  const startIndex = integer('startIndex', params.startIndex);
  const count = integer('count', params.count);
  const cursor = optionalString('cursor', params.cursor);
  if (cursor !== undefined && startIndex !== undefined) {
    throw new ScimError(400, 'invalidValue', 'Use either cursor or startIndex paging, not both');
  }
  return {
    ...(filter !== undefined && filter.trim() !== '' ? { filter } : {}),
    ...(sortBy !== undefined && sortBy.trim() !== '' ? { sortBy: sortBy.trim() } : {}),
    ...(order !== undefined ? { sortOrder: order.toLowerCase() as 'ascending' | 'descending' } : {}),
    ...(cursor === undefined ? { startIndex: Math.max(1, startIndex ?? 1) } : { cursor }),
    count: Math.min(LIMITS.maxPageSize, Math.max(0, count ?? LIMITS.defaultPageSize)),
    withMembers,
  };
}

/**
 * `attributes`/`excludedAttributes` as lists: from a comma-separated string
 * (`parseAttributeList`), or a JSON array of names (a SearchRequest), or a query string
 * that repeats the parameter.
 */
export function attributeList(name: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((i) => typeof i === 'string')) {
    throw new ScimError(400, 'invalidValue', `${name} must be a comma-separated list of attribute names`);
  }
  const names = items.flatMap((i) => parseAttributeList(i) ?? []);
  return names.length > 0 ? names : undefined;
}
