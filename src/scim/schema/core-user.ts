import { attr, complex, type AttributeDef, type SchemaDef } from './attribute.ts';
import { URN } from './urns.ts';

/** value/display/type/primary: the shape RFC 7643 gives most multi-valued attributes. */
function multi(
  name: string,
  description: string,
  types: readonly string[] | undefined,
  value: AttributeDef = attr('value', 'string'),
): AttributeDef {
  return complex(
    name,
    [
      value,
      attr('display', 'string'),
      attr('type', 'string', types ? { canonicalValues: types } : {}),
      attr('primary', 'boolean'),
    ],
    { multiValued: true, description },
  );
}

/** RFC 7643 section 4.1: the core User schema. */
export const coreUserSchema: SchemaDef = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', {
      required: true,
      uniqueness: 'server',
      description: 'Unique identifier for the User, used to authenticate; unique per tenant, case-insensitive.',
    }),
    complex(
      'name',
      [
        attr('formatted', 'string'),
        attr('familyName', 'string'),
        attr('givenName', 'string'),
        attr('middleName', 'string'),
        attr('honorificPrefix', 'string'),
        attr('honorificSuffix', 'string'),
      ],
      { description: "The components of the user's real name." },
    ),
    attr('displayName', 'string', { description: 'The name of the User, suitable for display.' }),
    attr('nickName', 'string'),
    attr('profileUrl', 'reference', { referenceTypes: ['external'] }),
    attr('title', 'string'),
    attr('userType', 'string'),
    attr('preferredLanguage', 'string'),
    attr('locale', 'string'),
    attr('timezone', 'string'),
    attr('active', 'boolean', { description: "The User's administrative status." }),
    attr('password', 'string', {
      mutability: 'writeOnly',
      returned: 'never',
      description: 'Accepted and never returned; Roster stores only its hash.',
    }),
    multi('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multi('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', 'Instant messaging addresses for the User.', [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    multi(
      'photos',
      'URLs of photos of the User.',
      ['photo', 'thumbnail'],
      attr('value', 'reference', { referenceTypes: ['external'] }),
    ),
    complex(
      'addresses',
      [
        attr('formatted', 'string'),
        attr('streetAddress', 'string'),
        attr('locality', 'string'),
        attr('region', 'string'),
        attr('postalCode', 'string'),
        attr('country', 'string'),
        attr('type', 'string', { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'boolean'),
      ],
      { multiValued: true, description: 'A physical mailing address for this User.' },
    ),
    complex(
      'groups',
      [
        attr('value', 'string', { mutability: 'readOnly', caseExact: true }),
        attr('$ref', 'reference', { referenceTypes: ['User', 'Group'], mutability: 'readOnly' }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
      ],
      {
        multiValued: true,
        mutability: 'readOnly',
        description: 'The groups the user belongs to, direct membership only; change it through /Groups.',
      },
    ),
    multi('entitlements', 'A list of entitlements for the User.', undefined),
    multi('roles', 'A list of roles for the User.', undefined),
    multi('x509Certificates', 'A list of certificates issued to the User.', undefined, attr('value', 'binary')),
  ],
};
