import type { EventsTable } from './database.ts';

/**
 * The columns of an `events` row a writer fills: all but `pos` (the identity) and `seq`
 * (numbered by the SQLite writer as it inserts, by PostgreSQL's publisher after the commit).
 */
export const EVENT_COLUMNS = [
  'id',
  'tenant_id',
  'type',
  'occurred_at',
  'txn',
  'connection_id',
  'idp_kind',
  'resource_type',
  'resource_id',
  'resource_version',
  'changed',
  'data',
] as const satisfies readonly (keyof EventsTable)[];
