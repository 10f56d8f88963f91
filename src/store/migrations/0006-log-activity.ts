import type { Kysely, Migration } from 'kysely';

/**
 * Requests and errors per token and hour, kept beside the provisioning log by the same
 * batched writes. The token status table reads at most 25 rows per token from here
 * instead of counting a day of log entries (200,000 of them took 100 to 500 ms).
 */
export const logActivityMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('log_activity')
      .addColumn('token_id', 'text', (c) => c.notNull())
      // `2026-11-26T07` (UTC): an hour's entries.
      .addColumn('hour', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('requests', 'integer', (c) => c.notNull())
      .addColumn('errors', 'integer', (c) => c.notNull())
      .addColumn('last_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('log_activity_pk', ['token_id', 'hour'])
      .execute();
    await db.schema
      .createIndex('log_activity_connection')
      .on('log_activity')
      .columns(['connection_id', 'hour'])
      .execute();
  },
};
