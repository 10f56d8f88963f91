import type { AttributeDef, SchemaDef } from '../schema/attribute.ts';
import type { ResourceSchema } from '../schema/resource-schema.ts';
import { URN } from '../schema/urns.ts';

function attributeRepresentation(a: AttributeDef): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.canonicalValues ? { canonicalValues: a.canonicalValues } : {}),
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attributeRepresentation) } : {}),
  };
}

/** A schema as `/Schemas` shows it (RFC 7643 section 7), from the definitions that validate. */
export function schemaRepresentation(schema: SchemaDef, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeRepresentation),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

/** A resource type as `/ResourceTypes` shows it (RFC 7643 section 6). */
export function resourceTypeRepresentation(rs: ResourceSchema, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.resourceType],
    id: rs.name,
    name: rs.name,
    endpoint: rs.endpoint,
    description: rs.description,
    schema: rs.core.id,
    schemaExtensions: rs.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rs.name}` },
  };
}

/** A ListResponse of everything, as the discovery endpoints answer (no paging needed). */
export function listOf(resources: readonly unknown[]): Record<string, unknown> {
  return {
    schemas: [URN.listResponse],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}
