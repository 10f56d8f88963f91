import { redactForLog } from '../shared/redact-for-log.ts';

/** One SCIM request, as the provisioning log keeps it: no body, no header. */
export interface LogEntry {
  /** When the request arrived. */
  readonly at: string;
  readonly tenantId: string;
  readonly connectionId: string;
  readonly tokenId: string;
  readonly idpKind: string;
  readonly method: string;
  /** Path and query string, under `/scim/v2`. */
  readonly path: string;
  readonly status: number;
  readonly scimType: string | null;
  readonly durationMs: number;
  /** `User`, `Group`, or null for other endpoints. */
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly userName: string | null;
  readonly displayName: string | null;
  /** The error's detail, as the client got it. */
  readonly detail: string | null;
  /** Attributes the request carried that Roster ignored. */
  readonly ignored: readonly string[];
  /** The request's id, as the client got it in X-Request-Id (none in entries made outside a request). */
  readonly requestId?: string | null;
}

/** A stored entry. */
export interface LogRecord extends LogEntry {
  readonly id: number;
}

/** Longest stored text per field: the log is for reading, and a hostile client must not bloat it. */
const MAX_TEXT = 2048;

/**
 * Text as the log stores it: secrets masked and `password` comparisons redacted (also
 * percent-encoded ones), NUL and lone surrogates replaced, length bounded: no field a
 * client controls can make the batch it is written with fail.
 *
 * @example logText('/scim/v2/Users?access_token=rst_abc…') // '/scim/v2/Users?access_token=rst_[redacted]'
 */
export function logText(text: string): string;
export function logText(text: string | null): string | null;
export function logText(text: string | null): string | null {
  if (text === null) return null;
  const safe = redactForLog(text);
  // Cutting may split a surrogate pair: the half left behind becomes U+FFFD too.
  return safe.length > MAX_TEXT ? `${safe.slice(0, MAX_TEXT).replace(/\p{Surrogate}$/u, '\uFFFD')}…` : safe;
}
