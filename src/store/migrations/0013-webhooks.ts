import type { Kysely, Migration } from 'kysely';

/**
 * Webhook endpoints and their delivery log. An endpoint holds its own cursor into the
 * tenant's change feed (`cursor`: the last seq delivered or passed over), its retry state
 * for the event at the cursor (`attempts`, `next_attempt_at`, `failing_since`), and a
 * lease (`lease_owner`, `lease_until`) so that one instance at a time delivers it and its
 * order holds. Signing secrets are stored encrypted (src/webhooks/secret-box.ts), never
 * as plain text; the previous one keeps signing until `previous_secret_until` after a
 * rotation. The delivery log is bounded like the provisioning log (by age, and per endpoint).
 */
export function webhooksMigration(kind: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        // JSON array of event types; NULL: every type.
        .addColumn('event_types', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('secret_hint', 'text', (c) => c.notNull())
        .addColumn('previous_secret', 'text')
        .addColumn('previous_secret_until', 'text')
        .addColumn('cursor', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('failing_since', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_delivered_at', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_endpoints_tenant').on('webhook_endpoints').columns(['tenant_id']).execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', kind === 'postgres' ? 'bigint' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('error', 'text')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text')
        .execute();
      // The log page reads one endpoint's newest first; retention cuts by age.
      await db.schema
        .createIndex('webhook_deliveries_endpoint')
        .on('webhook_deliveries')
        .columns(['endpoint_id', 'id'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_at').on('webhook_deliveries').columns(['at']).execute();
    },
  };
}
