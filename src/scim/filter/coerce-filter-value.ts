import type { AttributeDef } from '../schema/attribute.ts';
import { parseDateTime } from '../resource/parse-date-time.ts';
import type { CompareOp } from './ast.ts';
import { invalidFilter } from './filter-error.ts';

const ORDERING: ReadonlySet<CompareOp> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew']);
const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Refuses an operator the attribute's type cannot take: RFC 7644 3.4.2.2 rules out
 * `gt ge lt le` on boolean and binary; substrings mean nothing for booleans, numbers and
 * instants.
 *
 * @throws ScimError 400 invalidFilter naming the operator and the attribute.
 * @example checkOperator(attr('active', 'boolean'), 'gt', 'active') // throws
 */
export function checkOperator(def: AttributeDef, op: CompareOp, written: string): void {
  const refused =
    ((def.type === 'boolean' || def.type === 'binary') && ORDERING.has(op)) ||
    ((def.type === 'boolean' || def.type === 'integer' || def.type === 'decimal' || def.type === 'dateTime') &&
      SUBSTRING.has(op));
  if (refused) {
    throw invalidFilter(`Operator "${op}" cannot be used with ${def.type} attribute "${written}"`);
  }
}

/**
 * Converts a comparison value to the attribute's type, the form storage compares:
 * booleans from `true`/`false` or their strings in any case (Entra sends `"True"`),
 * numbers from numbers or numeric strings, dateTimes from RFC 3339 strings normalized to
 * `toISOString()` form (no offset means UTC), strings from strings or a number's text as
 * written (`numberText`).
 *
 * @throws ScimError 400 invalidFilter when the value does not fit the attribute.
 * @example coerceFilterValue(attr('active', 'boolean'), 'True', 'active', () => '') // => true
 */
export function coerceFilterValue(
  def: AttributeDef,
  value: string | number | boolean,
  written: string,
  numberText: () => string,
): string | number | boolean {
  const fail = (expected: string): never => {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : String(value);
    throw invalidFilter(`Attribute "${written}" is compared with ${shown}; expected ${expected}`);
  };
  switch (def.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (text === 'true' || text === 'false') return text === 'true';
      return fail('true or false');
    }
    case 'integer':
    case 'decimal': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && NUMERIC.test(value)) {
        const n = Number(value);
        if (Number.isFinite(n)) return n;
      }
      return fail('a number');
    }
    case 'dateTime': {
      const iso = typeof value === 'string' ? parseDateTime(value.trim()) : undefined;
      return iso ?? fail('a date and time such as "2011-05-13T04:42:34Z"');
    }
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return numberText();
      return fail('a string');
    case 'complex':
      return fail('a sub-attribute to compare');
  }
}
