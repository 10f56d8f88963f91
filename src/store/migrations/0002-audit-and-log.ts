import type { Kysely, Migration } from 'kysely';

/**
 * The audit history, the provisioning log, and what the token lifecycle needs to remember
 * (the lifetime to restart on renewal, whether expiry was already recorded).
 *
 * The log's id increases with insertion, so the count-based retention finds its cut in
 * O(1): SQLite's AUTOINCREMENT, PostgreSQL's identity column; the only difference here.
 */
export function auditAndLogMigration(kind: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('tokens').addColumn('lifetime_days', 'integer').execute();
      await db.schema.alterTable('tokens').addColumn('expiry_noticed_at', 'text').execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('idp_kind', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      // Newest first within a tenant, alone or narrowed by type, IdP or actor; id breaks ties.
      for (const [name, column] of [
        ['audit_events_at', undefined],
        ['audit_events_type', 'event_type'],
        ['audit_events_idp', 'idp_kind'],
        ['audit_events_actor', 'actor'],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('audit_events')
          .columns(column ? ['tenant_id', column, 'at', 'id'] : ['tenant_id', 'at', 'id'])
          .execute();
      }

      await db.schema
        .createTable('provisioning_log')
        .addColumn('id', kind === 'postgres' ? 'bigint' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        // No foreign keys: a log row outlives its token and connection, and inserts stay cheap.
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('idp_kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('scim_type', 'text')
        .addColumn('duration_ms', 'double precision', (c) => c.notNull())
        .addColumn('resource_type', 'text')
        .addColumn('resource_id', 'text')
        .addColumn('user_name', 'text')
        .addColumn('display_name', 'text')
        .addColumn('detail', 'text')
        .addColumn('ignored', 'text')
        .execute();
      await db.schema
        .createIndex('provisioning_log_tenant_at')
        .on('provisioning_log')
        .columns(['tenant_id', 'at', 'id'])
        .execute();
      // Per-connection activity (requests and errors in 24 h, last request) reads this index only.
      await db.schema
        .createIndex('provisioning_log_connection_at')
        .on('provisioning_log')
        .columns(['connection_id', 'at', 'status'])
        .execute();
      // No index on `at` alone: every index slows the log's inserts, and pruning by age
      // goes tenant by tenant through provisioning_log_tenant_at instead.
    },
  };
}
