import { attr, complex, type SchemaDef } from './attribute.ts';
import { URN } from './urns.ts';

/** RFC 7643 section 4.2: the core Group schema. */
export const coreGroupSchema: SchemaDef = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', {
      required: true,
      description: 'A human-readable name for the Group.',
    }),
    complex(
      'members',
      [
        attr('value', 'string', { mutability: 'immutable', caseExact: true, description: 'The id of the member.' }),
        attr('$ref', 'reference', { referenceTypes: ['User', 'Group'], mutability: 'immutable' }),
        attr('type', 'string', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }),
        attr('display', 'string', { mutability: 'readOnly' }),
      ],
      { multiValued: true, description: 'A list of members of the Group.' },
    ),
  ],
};
