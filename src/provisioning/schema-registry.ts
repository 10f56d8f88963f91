import type { ResourceSchema } from '../scim/schema/resource-schema.ts';
import { groupResourceSchema, userResourceSchema } from '../scim/schema/resource-types.ts';

/** The resource schemas in force for a tenant. */
export interface TenantSchemas {
  readonly user: ResourceSchema;
  readonly group: ResourceSchema;
}

/** Where services learn a tenant's schemas (the custom extension varies by tenant). */
export interface SchemaRegistry {
  forTenant(tenantId: string): Promise<TenantSchemas>;
}

/**
 * The core schemas and the enterprise extension, the same for every tenant: for code with
 * no store. Roster itself uses `AttributeSchemaRegistry`, which adds each tenant's custom
 * extension.
 */
export const coreSchemaRegistry: SchemaRegistry = {
  forTenant: async () => ({ user: userResourceSchema(), group: groupResourceSchema }),
};
