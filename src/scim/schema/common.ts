import { attr, complex, type SchemaDef } from './attribute.ts';

/**
 * RFC 7643 section 3.1: id, externalId and meta belong to every resource. They are not
 * part of any published schema, but filters, sorting and projection resolve them.
 */
export const commonAttributes: SchemaDef = {
  id: 'urn:ietf:params:scim:schemas:common',
  name: 'Common',
  description: 'Attributes of every resource',
  attributes: [
    attr('id', 'string', {
      mutability: 'readOnly',
      returned: 'always',
      caseExact: true,
      uniqueness: 'server',
    }),
    attr('externalId', 'string', { caseExact: true }),
    complex(
      'meta',
      [
        attr('resourceType', 'string', { mutability: 'readOnly', caseExact: true }),
        attr('created', 'dateTime', { mutability: 'readOnly' }),
        attr('lastModified', 'dateTime', { mutability: 'readOnly' }),
        attr('location', 'reference', { mutability: 'readOnly', referenceTypes: ['uri'] }),
        attr('version', 'string', { mutability: 'readOnly', caseExact: true }),
      ],
      { mutability: 'readOnly' },
    ),
  ],
};
