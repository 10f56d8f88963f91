import { attr, type AttributeDef } from '../schema/attribute.ts';

/**
 * `schemas`, the URIs of the schemas a resource uses (RFC 7643 section 3). No schema
 * defines it, yet RFC 7644 filters on it (`schemas eq "urn:...:enterprise:2.0:User"`), so
 * filter paths resolve `schemas` to this definition, under the common attributes.
 */
export const schemasAttribute: AttributeDef = attr('schemas', 'reference', {
  multiValued: true,
  required: true,
  mutability: 'readOnly',
  returned: 'always',
  referenceTypes: ['uri'],
});
