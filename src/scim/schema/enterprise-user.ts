import { attr, complex, type SchemaDef } from './attribute.ts';
import { URN } from './urns.ts';

/** RFC 7643 section 4.3: the enterprise User extension. */
export const enterpriseUserSchema: SchemaDef = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'string'),
    attr('costCenter', 'string'),
    attr('organization', 'string'),
    attr('division', 'string'),
    attr('department', 'string'),
    complex(
      'manager',
      [
        attr('value', 'string', { caseExact: true, description: 'The id of the manager.' }),
        attr('$ref', 'reference', { referenceTypes: ['User'] }),
        attr('displayName', 'string', { mutability: 'readOnly' }),
      ],
      { description: "The User's manager." },
    ),
  ],
};
