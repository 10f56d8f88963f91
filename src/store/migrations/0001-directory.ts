import { sql, type Kysely, type Migration } from 'kysely';

/** Tenants, IdP connections, tokens, users, groups and membership rows. */
export function directoryMigration(docType: 'text' | 'jsonb'): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('idp_connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('idp_connections_tenant')
        .on('idp_connections')
        .columns(['tenant_id', 'kind'])
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('connection_id', 'text', (c) => c.notNull().references('idp_connections.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hint', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('renewed_at', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('tokens_connection').on('tokens').column('connection_id').execute();

      for (const table of ['users', 'groups'] as const) {
        let builder = db.schema
          .createTable(table)
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
          .addColumn('id', 'text', (c) => c.notNull());
        if (table === 'users') {
          builder = builder
            .addColumn('user_name', 'text', (c) => c.notNull())
            .addColumn('user_name_lower', 'text', (c) => c.notNull())
            .addColumn('active', 'integer', (c) => c.notNull())
            .addColumn('password_hash', 'text');
        }
        await builder
          .addColumn('external_id', 'text')
          .addColumn('display_name', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('doc', sql.raw(docType), (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'id'])
          .execute();
        await db.schema.createIndex(`${table}_external_id`).on(table).columns(['tenant_id', 'external_id']).execute();
        await db.schema
          .createIndex(`${table}_display_name`)
          .on(table)
          .expression(sql`tenant_id, lower(display_name)`)
          .execute();
        await db.schema.createIndex(`${table}_updated_at`).on(table).columns(['tenant_id', 'updated_at']).execute();
      }
      await db.schema
        .createIndex('users_user_name')
        .on('users')
        .columns(['tenant_id', 'user_name_lower'])
        .unique()
        .execute();

      await db.schema
        .createTable('group_members')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('member_type', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['tenant_id', 'group_id', 'member_id'])
        .execute();
      await db.schema
        .createIndex('group_members_member')
        .on('group_members')
        .columns(['tenant_id', 'member_id'])
        .execute();
    },
  };
}
