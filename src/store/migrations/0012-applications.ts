import type { Kysely, Migration } from 'kysely';

/**
 * Applications: the host application's own credentials, per tenant, beside IdP
 * connections. An application has a name (unique per tenant, in any case) and scopes; its
 * tokens (at most two, for rotation) are stored as SHA-256 of the secret, never the secret.
 */
export const applicationsMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      // Lower-cased: `Mirror` and `mirror` are one application.
      .addColumn('name_key', 'text', (c) => c.notNull())
      // Comma-separated, sorted: `directory:read,events:read`.
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('applications_tenant_name')
      .unique()
      .on('applications')
      .columns(['tenant_id', 'name_key'])
      .execute();
    await db.schema
      .createTable('app_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('hint', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('renewed_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('app_tokens_application').on('app_tokens').columns(['application_id']).execute();
    await db.schema.createIndex('app_tokens_tenant').on('app_tokens').columns(['tenant_id', 'id']).execute();
  },
};
