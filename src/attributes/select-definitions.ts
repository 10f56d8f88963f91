import type { Kysely, Selectable } from 'kysely';
import type { AttributeDefinitionsTable, Database } from '../store/database.ts';
import { checkMutability, checkType, type AttributeDefinition } from './attribute-definition.ts';

export type DefinitionRow = Selectable<AttributeDefinitionsTable>;

/**
 * A stored row as a definition.
 *
 * @example definitionOf(row) // { name: 'badgeNumber', type: 'integer', multiValued: false, ... }
 */
export function definitionOf(row: DefinitionRow): AttributeDefinition {
  return {
    id: row.id,
    name: row.name,
    type: checkType(row.type),
    multiValued: row.multi_valued === 1,
    required: row.required === 1,
    caseExact: row.case_exact === 1,
    mutability: checkMutability(row.mutability),
    description: row.description,
    deprecated: row.deprecated === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The tenant's definitions in the order they were defined (the order `/Schemas` lists them).
 *
 * @example const defs = await selectDefinitions(store.db, tenantId)
 */
export async function selectDefinitions(db: Kysely<Database>, tenantId: string): Promise<AttributeDefinition[]> {
  const rows = await db
    .selectFrom('attribute_definitions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('name_lower')
    .execute();
  return rows.map(definitionOf);
}

/**
 * One definition's row by name, in any case.
 *
 * @example await selectDefinition(trx, tenantId, 'BADGENUMBER') // the row of badgeNumber
 */
export async function selectDefinition(
  db: Kysely<Database>,
  tenantId: string,
  name: string,
): Promise<DefinitionRow | undefined> {
  return db
    .selectFrom('attribute_definitions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('name_lower', '=', name.toLowerCase())
    .executeTakeFirst();
}
