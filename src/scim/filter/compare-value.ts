import type { AttributeDef } from '../schema/attribute.ts';
import { parseDateTime } from '../resource/parse-date-time.ts';
import type { CompareOp, FilterValue } from './ast.ts';

/**
 * Applies one comparison to one stored value, by the attribute's type: strings honour
 * `caseExact` (binary is always exact), numbers compare numerically, dateTimes as instants,
 * booleans by equality only. A stored value of the wrong type is read leniently (`"42"`
 * as 42, `"True"` as true) and anything unreadable simply does not match: stored data never
 * makes evaluation throw.
 *
 * @example compareValue(attr('userName', 'string'), 'sw', 'Bjensen', 'bj') // => true
 */
export function compareValue(def: AttributeDef, op: CompareOp, actual: unknown, expected: FilterValue): boolean {
  if (op === 'ne') return !compareValue(def, 'eq', actual, expected);
  if (expected === null || actual === undefined || actual === null) return false;
  switch (def.type) {
    case 'boolean': {
      const a = asBoolean(actual);
      return op === 'eq' && a !== undefined && a === asBoolean(expected);
    }
    case 'integer':
    case 'decimal':
      return ordered(op, asNumber(actual), asNumber(expected));
    case 'dateTime':
      return ordered(op, asInstant(actual), asInstant(expected));
    case 'string':
    case 'reference':
    case 'binary': {
      const exact = def.caseExact || def.type === 'binary';
      const a = asText(actual, exact);
      const e = asText(expected, exact);
      if (a === undefined || e === undefined) return false;
      switch (op) {
        case 'co':
          return a.includes(e);
        case 'sw':
          return a.startsWith(e);
        case 'ew':
          return a.endsWith(e);
        default:
          return ordered(op, a, e);
      }
    }
    case 'complex':
      return false;
  }
}

function ordered<T extends number | string>(op: CompareOp, a: T | undefined, e: T | undefined): boolean {
  if (a === undefined || e === undefined) return false;
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    case 'co':
    case 'sw':
    case 'ew':
      return false;
  }
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const text = v.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function asNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function asInstant(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  const iso = typeof v === 'string' ? parseDateTime(v) : undefined;
  return iso === undefined ? undefined : Date.parse(iso);
}

function asText(v: unknown, exact: boolean): string | undefined {
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  return text === undefined || exact ? text : text.toLowerCase();
}
