import type { Kysely, Migration } from 'kysely';

/**
 * The id of the request behind each provisioning log entry and audit event (the
 * `X-Request-Id` the client got back), so an operator can follow one request from the
 * proxy's access log through the server log to what it did. Nullable: older rows, and
 * events from the CLI, have none.
 */
export const requestIdsMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('provisioning_log').addColumn('request_id', 'text').execute();
    await db.schema.alterTable('audit_events').addColumn('request_id', 'text').execute();
  },
};
