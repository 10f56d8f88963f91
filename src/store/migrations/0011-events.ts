import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The change feed's outbox. Every write to a user or group inserts its events here in its
 * own transaction. `pos` orders rows as they were inserted (after the write took its row
 * locks); `seq` is the per-tenant, gap-free position a reader sees, assigned only once the
 * row is committed: at insert on SQLite (one writer at a time, so insert order is commit
 * order), by the publisher on PostgreSQL (see src/store/events-store.ts). `event_counters`
 * keeps each tenant's last `seq` and how far retention has cut.
 */
export function eventsMigration(kind: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('events')
        .addColumn('pos', kind === 'postgres' ? 'bigint' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('txn', 'text')
        .addColumn('connection_id', 'text')
        .addColumn('idp_kind', 'text')
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('resource_version', 'text')
        .addColumn('changed', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      // Readers walk one tenant's feed by seq; unpublished rows (NULL seq) are not in it.
      // Retention walks it too, from the oldest (seq follows time). No other index: each
      // one is written by every change (a random UUID index most of all), and `id` is
      // unique by construction (a random UUID), never looked up.
      await db.schema.createIndex('events_tenant_seq').unique().on('events').columns(['tenant_id', 'seq']).execute();
      // The publisher's queue: only the rows still waiting for a seq.
      await sql`create index events_unpublished on events (pos) where seq is null`.execute(db);
      await db.schema
        .createTable('event_counters')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('pruned_through', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
