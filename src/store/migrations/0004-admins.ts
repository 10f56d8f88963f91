import type { Kysely, Migration } from 'kysely';

/**
 * Portal accounts and what signing in needs: sessions, first-run setup codes and recent
 * sign-in failures. They live in the database so every instance sees the same (a session
 * made on one instance works on the next; the rate limit counts attempts on all of them).
 * Only hashes of secrets are stored: argon2id for passwords, SHA-256 for random secrets.
 */
export const adminsMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('admins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      // Lower-cased; one account per address across tenants, so sign-in needs no tenant.
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_sign_in_at', 'text')
      .execute();
    await db.schema.createIndex('admins_tenant').on('admins').columns(['tenant_id', 'email']).execute();
    await db.schema
      .createTable('admin_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_sessions_admin').on('admin_sessions').column('admin_id').execute();
    await db.schema
      .createTable('setup_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sign_in_failures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // `email:<address>` or `ip:<address>`
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sign_in_failures_key').on('sign_in_failures').columns(['key', 'at']).execute();
  },
};
