import { AdminError } from './admin-error.ts';

/** A time range as stored: ISO-8601 UTC, `since` inclusive, `until` exclusive. */
export interface TimeRange {
  readonly since?: string;
  readonly until?: string;
}

/**
 * Normalizes the bounds a person typed (any form `Date` reads, e.g. `2026-01-02` or
 * `2026-01-02T10:00:00+02:00`) to the stored form, so they compare as text.
 *
 * @throws AdminError `invalid` for a bound that is not a date, or a range that ends before it starts.
 * @example timeRange({ since: '2026-01-02' }) // { since: '2026-01-02T00:00:00.000Z' }
 */
export function timeRange(range: { since?: string | undefined; until?: string | undefined }): TimeRange {
  const since = range.since === undefined ? undefined : iso(range.since, 'since');
  const until = range.until === undefined ? undefined : iso(range.until, 'until');
  if (since !== undefined && until !== undefined && until < since) {
    throw new AdminError('invalid', 'rangeBackwards', { until, since });
  }
  return { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

function iso(text: string, name: string): string {
  const ms = Date.parse(text);
  if (text.trim() === '' || Number.isNaN(ms)) {
    throw new AdminError('invalid', 'notADateTime', { text, name });
  }
  return new Date(ms).toISOString();
}
