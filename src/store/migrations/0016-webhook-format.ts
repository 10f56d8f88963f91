import type { Kysely, Migration } from 'kysely';

/**
 * What a webhook endpoint receives: `roster` (Roster's JSON event, what every endpoint
 * received before) or `set` (an RFC 9967 Security Event Token). Existing endpoints keep
 * `roster`, so no receiver sees its format change under it.
 */
export const webhookFormatMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('webhook_endpoints')
      .addColumn('format', 'text', (c) => c.notNull().defaultTo('roster'))
      .execute();
  },
};
