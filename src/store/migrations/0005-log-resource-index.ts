import type { Kysely, Migration } from 'kysely';

/**
 * The provisioning log entries of one resource, newest first: the portal's user page
 * lists the requests that touched a user. Without it, that query would read the tenant's
 * whole (tenant_id, at, id) range. `id` ends the index so the keyset's tie-break is in it.
 */
export const logResourceIndexMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex('provisioning_log_resource')
      .on('provisioning_log')
      .columns(['tenant_id', 'resource_id', 'at', 'id'])
      .execute();
  },
};
