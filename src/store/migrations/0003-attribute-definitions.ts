import type { Kysely, Migration } from 'kysely';

/** The tenants' custom attribute definitions, one row each, unique by lower-cased name. */
export const attributeDefinitionsMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('attribute_definitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('multi_valued', 'integer', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull())
      .addColumn('case_exact', 'integer', (c) => c.notNull())
      .addColumn('mutability', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('deprecated', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Also the index the schema registry reads a tenant's definitions through.
    await db.schema
      .createIndex('attribute_definitions_name')
      .on('attribute_definitions')
      .columns(['tenant_id', 'name_lower'])
      .unique()
      .execute();
  },
};
