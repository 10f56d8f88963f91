import { attr, type AttributeDef, type SchemaDef } from '../scim/schema/attribute.ts';
import type { AttributeDefinition } from './attribute-definition.ts';
import { customSchemaName } from './custom-schema-urn.ts';

/**
 * One definition as the schema that validates values and that `/Schemas` publishes.
 * writeOnly values are never returned (RFC 7643 section 7); a deprecated attribute says so
 * at the start of its description, where IdPs' attribute pickers show it.
 *
 * @example attributeDefOf(badge) // { name: 'badgeNumber', type: 'integer', returned: 'default', ... }
 */
export function attributeDefOf(d: AttributeDefinition): AttributeDef {
  const description = d.deprecated ? `Deprecated.${d.description ? ` ${d.description}` : ''}` : d.description;
  return attr(d.name, d.type, {
    multiValued: d.multiValued,
    required: d.required,
    caseExact: d.caseExact,
    mutability: d.mutability,
    returned: d.mutability === 'writeOnly' ? 'never' : 'default',
    description,
  });
}

/**
 * The tenant's custom extension schema under `urn`, built from its definitions. A tenant
 * that defines none still has it, empty: requests may then name the URN in `schemas` and
 * send attributes under it, which are ignored (and logged) like any unknown attribute,
 * instead of failing. Discovery does not publish an empty extension.
 *
 * @example customSchemaOf('urn:ietf:params:scim:schemas:extension:roster:2.0:User', [badge])
 * // { id: 'urn:...:roster:2.0:User', name: 'RosterUser', attributes: [<badgeNumber>] }
 */
export function customSchemaOf(urn: string, definitions: readonly AttributeDefinition[]): SchemaDef {
  return {
    id: urn,
    name: customSchemaName(urn),
    description: "The tenant's custom User attributes",
    attributes: definitions.map(attributeDefOf),
  };
}
