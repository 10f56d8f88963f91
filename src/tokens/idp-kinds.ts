/** The identity providers Roster knows, with the names people know them by. */
export const IDP_KINDS = {
  entra: 'Microsoft Entra ID',
  okta: 'Okta',
  onelogin: 'OneLogin',
  jumpcloud: 'JumpCloud',
  google: 'Google Workspace',
  ping: 'Ping Identity',
  keycloak: 'Keycloak',
  authentik: 'authentik',
  generic: 'Generic SCIM client',
} as const;

export type IdpKind = keyof typeof IDP_KINDS;

export const isIdpKind = (value: string): value is IdpKind => Object.hasOwn(IDP_KINDS, value);
