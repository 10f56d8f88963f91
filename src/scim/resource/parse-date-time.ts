// xsd:dateTime / RFC 3339: date, optional time (seconds required, any fraction), optional
// offset. RFC 3339 allows a lower-case t/z and a space for the T.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses an RFC 3339 / xsd:dateTime string to `toISOString()` form (UTC, milliseconds), or
 * undefined when it is not one. Every field is range-checked, because `Date` silently rolls
 * `2011-02-30` over to March. Lenient in two documented ways: no offset means UTC (not the
 * server's local time, so the result does not depend on where Roster runs), and a date
 * alone means midnight UTC (RFC 7643 2.3.5 says SHOULD include a time). Fractions beyond
 * milliseconds are truncated; a leap second (`:60`) is refused since `Date` cannot hold it.
 *
 * @example parseDateTime('2011-05-13T04:42:34+02:00') // => '2011-05-13T02:42:34.000Z'
 */
export function parseDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((s) => Number(s ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const offset = m[8] === undefined || /z/i.test(m[8]) ? '+00:00' : m[8];
  const offsetHours = Number(offset.slice(1, 3));
  const offsetMinutes = Number(offset.slice(4, 6));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return undefined;
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const sign = offset.startsWith('-') ? -1 : 1;
  const utc = new Date(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  const iso = utc.toISOString();
  // An offset can push year 0000 or 9999 out of four digits; storage compares text.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
