import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database, EventsTable } from '../database.ts';
import { EVENT_COLUMNS } from '../event-columns.ts';

/** The statement's text around the write, per count of events (a write makes one to a few). */
const tails = new Map<string, string>();

function tail(first: number, events: number): string {
  const key = `${first}:${events}`;
  let text = tails.get(key);
  if (text === undefined) {
    let n = first;
    const rows = Array.from({ length: events }, () => `(${EVENT_COLUMNS.map(() => `$${n++}`).join(', ')})`);
    // The events are selected only when the write returned its row: each is inserted (and
    // takes its `pos`) after the write took its row lock and re-checked its guard.
    text =
      events === 0
        ? ') select count(*)::int as written from w'
        : `), e as (insert into events (${EVENT_COLUMNS.join(', ')}) select v.* from (values ${rows.join(', ')}) ` +
          `as v (${EVENT_COLUMNS.join(', ')}) where exists (select from w)) select count(*)::int as written from w`;
    tails.set(key, text);
  }
  return text;
}

/**
 * PostgreSQL: `write` (an insert, update or delete returning the row it changed) and its
 * change-feed events in one data-modifying statement, run autocommit: one round trip, and
 * the row and its events commit together or not at all. A write whose guard matched no row
 * (another writer moved the version) inserts no event.
 *
 * @returns whether the write changed a row
 * @example await postgresWriteWithEvents(db, db.updateTable('users').set(s).where('version', '=', 3).returning('id').compile(), rows)
 */
export async function postgresWriteWithEvents(
  via: Kysely<Database>,
  write: CompiledQuery,
  events: readonly Insertable<EventsTable>[],
): Promise<boolean> {
  const parameters: unknown[] = [...write.parameters];
  for (const row of events) for (const column of EVENT_COLUMNS) parameters.push(row[column] ?? null);
  const text = `with w as (${write.sql}${tail(write.parameters.length + 1, events.length)}`;
  const { rows } = await via.executeQuery<{ written: number }>(CompiledQuery.raw(text, parameters));
  return (rows[0]?.written ?? 0) > 0;
}
