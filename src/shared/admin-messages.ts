/**
 * Every message an {@link AdminError} can carry, in English, keyed by code: the CLI prints
 * these, the portal translates the code (src/http/portal/admin-error-text.ts). `{name}`
 * is filled from the error's params; a key ending `.one` / `.other` is chosen by
 * `Intl.PluralRules` on the `count` param.
 */
export const ADMIN_MESSAGES = {
  rangeBackwards: 'The range ends ({until}) before it starts ({since})',
  notADateTime: '"{text}" is not a date and time for {name}: use ISO 8601, e.g. 2026-01-02T10:00:00Z',
  badCursor: 'The cursor is not one this listing handed out',
  badPageLink: 'The page link is not one this listing handed out',
  badPageSize: 'The page size must be a whole number from 1 to {max}',
  setupLimited: 'Too many wrong setup codes; wait 15 minutes',
  setupDone: 'Setup is already done: sign in instead',
  setupCodeWrong: 'That setup code is wrong or has expired: use the code the server printed at its last start',
  lastOwnerDemoted: "{email} is the tenant's last owner and must keep the owner role: make another account owner first",
  lastOwnerRemoved: "{email} is the tenant's last owner and must stay: make another account owner first",
  notAnEmail: '"{email}" is not an email address',
  noSuchAccount: 'No such account in this tenant',
  noAccount: 'No account {email} in this tenant',
  accountGone: 'This account no longer exists',
  accountExists: 'An account for {email} already exists',
  unknownRole: 'Unknown role "{role}": use owner, admin or viewer',
  cannotRemoveSelf: 'You cannot remove your own account: another owner can',
  passwordTooShort: 'A password needs at least {min} characters',
  passwordTooLong: 'A password may have at most {max} characters',
  samePassword: 'The new password must differ from the current one',
  passwordChangedMeanwhile: 'The password was changed meanwhile: sign in again',
  unknownEventType: 'Unknown audit event type "{type}"; the types are: {types}',
  badAttributeName:
    '"{name}" is not a valid attribute name: a letter, then letters, digits, "_" or "-" (at most 64 characters)',
  unknownAttributeType: 'Unknown type "{type}". Use one of: {types}',
  unknownMutability: 'Unknown mutability "{mutability}". Use one of: {mutabilities}',
  descriptionTooLong: 'A description has at most {max} characters',
  noAttribute: 'No custom attribute "{name}" is defined',
  attributeTaken: 'An attribute named "{name}" is already defined (names are case-insensitive)',
  tooManyAttributes: 'A tenant can define at most {max} custom attributes',
  'typeInUse.one':
    'Cannot change the type of "{name}" from {from} to {to}: {count} user has a value of it. Remove the attribute (which removes its values) and define it again, or define a new attribute.',
  'typeInUse.other':
    'Cannot change the type of "{name}" from {from} to {to}: {count} users have a value of it. Remove the attribute (which removes its values) and define it again, or define a new attribute.',
  'multiValuedInUse.one':
    'Cannot make "{name}" multi-valued: {count} user has a value of it. Remove the attribute (which removes its values) and define it again, or define a new attribute.',
  'multiValuedInUse.other':
    'Cannot make "{name}" multi-valued: {count} users have a value of it. Remove the attribute (which removes its values) and define it again, or define a new attribute.',
  'singleValuedInUse.one':
    'Cannot make "{name}" single-valued: {count} user has a value of it. Remove the attribute (which removes its values) and define it again, or define a new attribute.',
  'singleValuedInUse.other':
    'Cannot make "{name}" single-valued: {count} users have a value of it. Remove the attribute (which removes its values) and define it again, or define a new attribute.',
  badTenantSlug: 'Invalid tenant slug "{slug}": use 1 to 63 lower-case letters, digits and inner hyphens',
  tenantNameLength: 'A tenant name must have 1 to 200 characters',
  tenantExists: 'Tenant "{slug}" already exists',
  connectionNameLength: 'A connection name must have 1 to {max} characters',
  noConnection: 'No connection {id}',
  noConnectionById: 'No connection "{text}"',
  ambiguousConnection: '"{text}" matches more than one connection ({ids}…); give more of the id',
  tokenLifetime: 'A token lifetime is a whole number of days, at least 1',
  tokenNameLength: 'A token name must have 1 to {max} characters',
  noToken: 'No token "{text}"',
  ambiguousToken: '"{text}" matches more than one token ({ids}…); give more of the id',
  tooManyTokens:
    'The {connection} connection already has {max} tokens, the most it may have. Renew or delete one of them instead.',
  appNameLength: 'An application name must have 1 to {max} characters',
  unknownScope: 'Unknown scope "{scope}". Use one or more of: {scopes}',
  noScope: 'An application needs at least one scope: {scopes}',
  appScopesDiffer:
    'The application "{name}" exists with the scopes {scopes}, which all its tokens share: ask for those scopes (or, from the command line, none) to add a token to it, or choose another name',
  tooManyAppTokens:
    'The application "{name}" already has {max} tokens, the most it may have. Renew or delete one of them instead.',
  noAppToken: 'No application token "{text}"',
  ambiguousAppToken: '"{text}" matches more than one application token ({ids}…); give more of the id',
  noWebhook: 'No webhook endpoint "{text}"',
  ambiguousWebhook: '"{text}" matches more than one webhook endpoint ({ids}…); give more of the id',
  badWebhookUrl: '"{url}" is not a webhook URL: an absolute URL without a user or password, at most 2000 characters',
  webhookNotHttps: 'A webhook URL must start with https:// ({url}); http:// only where ROSTER_WEBHOOKS_ALLOW_HTTP=true',
  webhookPrivateAddress:
    '{host} is or resolves to a loopback, link-local or private address ({address}): webhooks may not target it unless ROSTER_WEBHOOKS_ALLOW_PRIVATE=true',
  unknownFeedEventType: 'Unknown event type "{type}"; the types are: {types}',
  unknownWebhookFormat: 'Unknown webhook format "{format}"; the formats are: {formats}',
  notSetEventType:
    'A Security Event Token endpoint (format set) receives only SCIM resource events; "{type}" is not one. They are: {types}',
  noSecretKey:
    'Webhook signing secrets are stored encrypted and no key is set: set ROSTER_SECRET_KEY (at least 32 characters, the same on every instance)',
  tooManyWebhooks: 'A tenant can have at most {max} webhook endpoints',
  replayPruned: 'Events up to seq {through} were deleted by retention: replay from seq {first} or later',
  replayAhead: 'Seq {seq} is beyond the last event of the feed ({last})',
  badReplayStart: 'Replay from a seq (a whole number from 1) or from a time (ISO 8601, e.g. 2026-01-02T10:00:00Z)',
} as const;

/** A message's code, without its plural suffix. */
export type AdminMessageKey = keyof typeof ADMIN_MESSAGES extends infer K
  ? K extends `${infer Base}.${'one' | 'other'}`
    ? Base
    : K
  : never;

export type AdminMessageParams = Readonly<Record<string, string | number>>;

/**
 * A message's template in a catalog: the plural form `count` asks for in the locale, where
 * the message has plural forms.
 *
 * @example templateOf(ADMIN_MESSAGES, 'en', 'typeInUse', { count: 1 }) // '… {count} user has …'
 */
export function templateOf(
  catalog: Readonly<Record<string, string>>,
  locale: string,
  key: AdminMessageKey,
  params: AdminMessageParams,
): string {
  const plain = catalog[key];
  if (plain !== undefined) return plain;
  const category = new Intl.PluralRules(locale).select(Number(params.count ?? 0));
  return catalog[`${key}.${category}`] ?? catalog[`${key}.other`] ?? key;
}

/** Fills `{name}` placeholders from params. */
export const fillTemplate = (template: string, params: AdminMessageParams): string =>
  template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

/**
 * A message in English, as the CLI prints it.
 *
 * @example adminMessage('noToken', { text: '3f2a' }) // 'No token "3f2a"'
 */
export const adminMessage = (key: AdminMessageKey, params: AdminMessageParams = {}): string =>
  fillTemplate(templateOf(ADMIN_MESSAGES, 'en', key, params), params);
