/** The comparisons of a Runscope assertion (its export's `comparison` values). */
export type Comparison =
  | 'equal'
  | 'not_equal'
  | 'empty'
  | 'not_empty'
  | 'contains'
  | 'does_not_contain'
  | 'is_a_number'
  | 'equal_number'
  | 'is_less_than'
  | 'is_less_than_or_equal'
  | 'is_greater_than'
  | 'is_greater_than_or_equal'
  | 'has_key'
  | 'has_value'
  | 'is_null'
  | 'is_true'
  | 'is_false';

const COMPARISONS: ReadonlySet<string> = new Set<Comparison>([
  'equal',
  'not_equal',
  'empty',
  'not_empty',
  'contains',
  'does_not_contain',
  'is_a_number',
  'equal_number',
  'is_less_than',
  'is_less_than_or_equal',
  'is_greater_than',
  'is_greater_than_or_equal',
  'has_key',
  'has_value',
  'is_null',
  'is_true',
  'is_false',
]);

export const isComparison = (name: string): name is Comparison => COMPARISONS.has(name);

/** Runscope compares as text: the expected value is always a string in an export. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  // JSON writes numbers and booleans as String does.
  return JSON.stringify(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function contains(actual: unknown, expected: string): boolean {
  if (typeof actual === 'string') return actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((v) => asText(v) === expected);
  return false;
}

function numeric(actual: unknown, expected: unknown, test: (a: number, e: number) => boolean): boolean {
  const a = asNumber(actual);
  const e = asNumber(expected);
  return a !== undefined && e !== undefined && test(a, e);
}

/**
 * Whether `actual` (read from the response) meets a Runscope comparison with `expected`
 * (the assertion's value, variables already filled in).
 *
 * @example meetsComparison('equal_number', 200, '200') // true
 * @example meetsComparison('has_value', ['urn:a', 'urn:b'], 'urn:b') // true
 */
export function meetsComparison(comparison: Comparison, actual: unknown, expected: string | null): boolean {
  const want = expected ?? '';
  switch (comparison) {
    case 'equal':
      return actual !== undefined && asText(actual) === want;
    case 'not_equal':
      return asText(actual) !== want;
    case 'empty':
      return isEmpty(actual);
    case 'not_empty':
      return !isEmpty(actual);
    case 'contains':
      return contains(actual, want);
    case 'does_not_contain':
      return !contains(actual, want);
    case 'is_a_number':
      return asNumber(actual) !== undefined;
    case 'equal_number':
      return numeric(actual, want, (a, e) => a === e);
    case 'is_less_than':
      return numeric(actual, want, (a, e) => a < e);
    case 'is_less_than_or_equal':
      return numeric(actual, want, (a, e) => a <= e);
    case 'is_greater_than':
      return numeric(actual, want, (a, e) => a > e);
    case 'is_greater_than_or_equal':
      return numeric(actual, want, (a, e) => a >= e);
    case 'has_key':
      return actual !== null && typeof actual === 'object' && !Array.isArray(actual) && Object.hasOwn(actual, want);
    case 'has_value': {
      // An export with no expected value asks for a null element; nothing is coerced.
      const values = Array.isArray(actual)
        ? actual
        : actual !== null && typeof actual === 'object'
          ? Object.values(actual)
          : undefined;
      if (!values) return false;
      return expected === null ? values.includes(null) : values.some((v) => asText(v) === expected);
    }
    case 'is_null':
      return actual === null;
    case 'is_true':
      return actual === true || actual === 'true';
    case 'is_false':
      return actual === false || actual === 'false';
  }
}
