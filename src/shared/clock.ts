/**
 * Where services read the time. Production uses {@link systemClock}; a test builds the
 * Roster with a clock it moves itself, instead of writing timestamps into tables.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * The current time as stored: ISO-8601 UTC with milliseconds, which sorts as text.
 *
 * @example nowIso() // => '2026-12-04T23:15:00.000Z'
 */
export const nowIso = (clock: Clock = systemClock): string => clock.now().toISOString();
