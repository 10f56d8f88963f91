import { EVENT_TYPES, isEventType } from '../../events/event-types.ts';
import type { FeedQuery } from '../../events/events-service.ts';
import { ApiError } from './api-error.ts';
import { decodeFeedCursor } from './feed-cursor.ts';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
export const MAX_WAIT_SECONDS = 30;

const PARAMETERS = ['after', 'limit', 'types', 'wait'] as const;

/** A feed read as `GET /api/v1/events` asks for it. */
export interface FeedRequest {
  readonly query: FeedQuery;
  /** How long to wait for a first event when there is none, in ms (0: answer at once). */
  readonly waitMs: number;
}

const bad = (parameter: string, message: string): ApiError =>
  new ApiError(400, 'invalid_parameter', message, parameter);

/** One value of a parameter given at most once. */
function single(raw: Record<string, unknown>, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(name, `${name} may be given only once`);
  return value;
}

function wholeNumber(raw: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const text = single(raw, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d{1,10}$/.test(text) || n < min || n > max) {
    throw bad(name, `${name} must be a whole number from ${min} to ${max}; got "${text.slice(0, 40)}"`);
  }
  return n;
}

/**
 * Reads and checks the query of `GET /api/v1/events`.
 *
 * @throws ApiError 400 naming the parameter at fault: an unknown one, a malformed cursor,
 *   an unknown event type, a limit or wait out of range.
 * @example parseFeedRequest({ limit: '10', types: 'user.created' }) // { query: { after: 0, limit: 10, types: ['user.created'] }, waitMs: 0 }
 */
export function parseFeedRequest(raw: Record<string, unknown>): FeedRequest {
  for (const name of Object.keys(raw)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw bad(name, `Unknown parameter "${name.slice(0, 40)}"; the parameters are: ${PARAMETERS.join(', ')}`);
    }
  }
  const afterText = single(raw, 'after');
  let after = 0;
  if (afterText !== undefined) {
    const seq = decodeFeedCursor(afterText);
    if (seq === undefined) {
      throw bad(
        'after',
        'after is not a cursor this feed handed out: pass a nextCursor as it came, or leave it out to start from the beginning',
      );
    }
    after = seq;
  }
  const limit = wholeNumber(raw, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
  const wait = wholeNumber(raw, 'wait', 0, MAX_WAIT_SECONDS) ?? 0;
  const typesText = single(raw, 'types');
  let types: string[] = [];
  if (typesText !== undefined) {
    types = [...new Set(typesText.split(',').map((t) => t.trim()))];
    const unknown = types.find((t) => !isEventType(t));
    if (unknown !== undefined) {
      throw bad('types', `Unknown event type "${unknown.slice(0, 60)}"; the types are: ${EVENT_TYPES.join(', ')}`);
    }
  }
  return { query: { after, limit, types }, waitMs: wait * 1000 };
}
