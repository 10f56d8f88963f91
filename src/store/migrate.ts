import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { StoreDialect } from './dialect/store-dialect.ts';
import { directoryMigration } from './migrations/0001-directory.ts';
import { auditAndLogMigration } from './migrations/0002-audit-and-log.ts';
import { attributeDefinitionsMigration } from './migrations/0003-attribute-definitions.ts';
import { adminsMigration } from './migrations/0004-admins.ts';
import { logActivityMigration } from './migrations/0006-log-activity.ts';
import { groupMemberCountMigration } from './migrations/0007-group-member-count.ts';
import { logResourceIndexMigration } from './migrations/0005-log-resource-index.ts';
import { requestIdsMigration } from './migrations/0009-request-ids.ts';
import { userNameKeyMigration } from './migrations/0010-user-name-key.ts';
import { eventsMigration } from './migrations/0011-events.ts';
import { applicationsMigration } from './migrations/0012-applications.ts';
import { webhooksMigration } from './migrations/0013-webhooks.ts';
import { resourceCountsMigration } from './migrations/0015-resource-counts.ts';
import { webhookFormatMigration } from './migrations/0016-webhook-format.ts';

function migrations(dialect: Pick<StoreDialect, 'kind' | 'docColumnType'>): Record<string, Migration> {
  return {
    '0001-directory': directoryMigration(dialect.docColumnType),
    '0002-audit-and-log': auditAndLogMigration(dialect.kind),
    '0003-attribute-definitions': attributeDefinitionsMigration,
    '0004-admins': adminsMigration,
    '0005-log-resource-index': logResourceIndexMigration,
    '0006-log-activity': logActivityMigration,
    '0007-group-member-count': groupMemberCountMigration,
    '0009-request-ids': requestIdsMigration,
    '0010-user-name-key': userNameKeyMigration,
    '0011-events': eventsMigration(dialect.kind),
    '0012-applications': applicationsMigration,
    '0013-webhooks': webhooksMigration(dialect.kind),
    '0015-resource-counts': resourceCountsMigration(dialect.kind),
    '0016-webhook-format': webhookFormatMigration,
  };
}

function provider(dialect: StoreDialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}

/** The names of the migrations this version knows: a database that has applied others is newer. */
export const knownMigrationNames = (): string[] => Object.keys(migrations({ kind: 'sqlite', docColumnType: 'text' }));

/**
 * Brings the schema up to date. On PostgreSQL, Kysely's migrator holds an advisory lock,
 * so several instances starting at once migrate once.
 *
 * @returns the names of the migrations applied now
 */
export async function migrateToLatest(dialect: StoreDialect): Promise<string[]> {
  const { error, results } = await (await migratorOf(dialect)).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
  await dialect.afterMigrate();
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrations this version knows that the database has not applied (readiness: an
 * instance must not serve a schema it was not written for).
 *
 * @example await pendingMigrations(store) // [] once `roster migrate` ran
 */
export async function pendingMigrations(dialect: StoreDialect): Promise<string[]> {
  const migrations = await (await migratorOf(dialect)).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

async function migratorOf(dialect: StoreDialect): Promise<Migrator> {
  // Kysely looks for its tables in every schema unless told which: name the one in use
  // (the URL may set search_path), so another schema's tables are never mistaken for ours.
  const schema = await dialect.currentSchema();
  return new Migrator({
    db: dialect.db,
    provider: provider(dialect),
    migrationTableName: 'roster_migrations',
    migrationLockTableName: 'roster_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}
