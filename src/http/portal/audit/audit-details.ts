import type { AuditDetailsByType, RecordedDefinition, SettingChange } from '../../../audit/audit-details.ts';
import type { AuditEvent } from '../../../audit/audit-event.ts';
import { DEFINITION_FIELDS } from '../../../attributes/definition-changes.ts';
import { idpName } from '../../../tokens/token-view.ts';
import { html, type SafeHtml } from '../html.ts';
import { defineMessages, formatDateTime, formatNumber, type Locale, type Translate } from '../i18n.ts';

const messages = defineMessages(
  {
    connection: 'connection “{name}”',
    renamed: 'connection “{name}”, formerly “{previous}”',
    token: 'token {name} (…{hint})',
    tokenRenewed: 'token {name} (…{previous} → …{hint})',
    expires: 'expires {date}',
    expired: 'expired {date}',
    tokensDeleted: 'tokens deleted: {list}',
    application: 'application “{name}”',
    appToken: 'token …{hint}',
    appTokenRenewed: 'token …{previous} → …{hint}',
    scopes: 'scopes: {list}',
    applicationCreated: 'new application',
    applicationDeleted: 'its last token: the application is deleted',
    noTokensDeleted: 'no tokens to delete',
    attribute: 'attribute {name}',
    valuesRemoved: 'values removed from {count} users',
    tenant: 'tenant {slug} ({name})',
    account: 'account {email}',
    role: 'role: {role}',
    roleChanged: 'role: {from} → {to}',
    sessionsEnded: 'other sessions ended: {count}',
    owner: 'owner',
    admin: 'administrator',
    viewer: 'viewer',
    address: 'from {address}',
    viaSetupCode: 'with the setup code',
    multiValued: 'multi-valued',
    required: 'required',
    caseExact: 'case-exact',
    deprecated: 'deprecated',
    type: 'type',
    mutability: 'mutability',
    description: 'description',
    yes: 'yes',
    no: 'no',
    pair: '{key}: {value}',
    change: '{field}: {from} → {to}',
    webhook: 'endpoint {url}',
    webhookDescribed: 'endpoint {url} ({description})',
    allTypes: 'every event type',
    types: 'types: {types}',
    secret: 'secret …{hint}',
    formatRoster: "Roster's JSON events",
    formatSet: 'Security Event Tokens (RFC 9967)',
    secretRotated: 'secret …{previous} → …{hint}',
    resume: 'resumes from seq {cursor}',
    skip: 'skips to seq {cursor}',
    byHand: 'by an administrator',
    gone: 'the receiver answered 410 Gone',
    failing: 'after 5 days of failed deliveries',
    replayed: 'cursor seq {from} → {to}',
  },
  {
    connection: 'connexion « {name} »',
    renamed: 'connexion « {name} », anciennement « {previous} »',
    token: 'jeton {name} (…{hint})',
    tokenRenewed: 'jeton {name} (…{previous} → …{hint})',
    expires: 'expire le {date}',
    expired: 'expiré le {date}',
    tokensDeleted: 'jetons supprimés : {list}',
    application: 'application « {name} »',
    appToken: 'jeton …{hint}',
    appTokenRenewed: 'jeton …{previous} → …{hint}',
    scopes: 'portées : {list}',
    applicationCreated: 'nouvelle application',
    applicationDeleted: "son dernier jeton : l'application est supprimée",
    noTokensDeleted: 'aucun jeton à supprimer',
    attribute: 'attribut {name}',
    valuesRemoved: 'valeurs retirées de {count} utilisateurs',
    tenant: 'locataire {slug} ({name})',
    account: 'compte {email}',
    role: 'rôle : {role}',
    roleChanged: 'rôle : {from} → {to}',
    sessionsEnded: 'autres sessions fermées : {count}',
    owner: 'propriétaire',
    admin: 'administrateur',
    viewer: 'lecteur',
    address: 'depuis {address}',
    viaSetupCode: "avec le code d'installation",
    multiValued: 'multivalué',
    required: 'obligatoire',
    caseExact: 'sensible à la casse',
    deprecated: 'obsolète',
    type: 'type',
    mutability: 'mutabilité',
    description: 'description',
    yes: 'oui',
    no: 'non',
    pair: '{key} : {value}',
    change: '{field} : {from} → {to}',
    webhook: 'point de terminaison {url}',
    webhookDescribed: 'point de terminaison {url} ({description})',
    allTypes: "tous les types d'événement",
    types: 'types : {types}',
    secret: 'secret …{hint}',
    formatRoster: 'événements JSON de Roster',
    formatSet: 'Security Event Tokens (RFC 9967)',
    secretRotated: 'secret …{previous} → …{hint}',
    resume: 'reprend au seq {cursor}',
    skip: 'passe au seq {cursor}',
    byHand: 'par un administrateur',
    gone: 'le destinataire a répondu 410 Gone',
    failing: 'après 5 jours de livraisons en échec',
    replayed: 'curseur seq {from} → {to}',
  },
);

type M = Translate<Parameters<ReturnType<typeof messages>>[0]>;

/** The details keys every event may carry: the IdP, read first. */
const IDP_KEYS = ['idp', 'idpKind'];
const TOKEN_KEYS = ['connection', 'tokenName', 'hint'];
const ATTRIBUTE_KEYS = ['attribute', 'schema', 'path'];
const APP_TOKEN_KEYS = ['application', 'scopes', 'hint'];

/** The parts of an event's line its type's details make, and the keys they read. */
interface Reading {
  readonly parts: readonly (string | undefined)[];
  readonly read: readonly string[];
}

/**
 * An event's details as one readable line, the IdP first, e.g.
 * `Microsoft Entra ID · token entra-main (…abcd)`. Keys a type does not read (written
 * by later versions, or rare ones such as `reset`) still show, as `key: value` pairs.
 *
 * @example html`<td>${auditDetails('en', event)}</td>`
 */
export function auditDetails(locale: Locale, event: AuditEvent): SafeHtml {
  const m = messages(locale);
  const idp = event.details.idp ?? (event.idpKind !== null ? idpName(event.idpKind) : undefined);
  const { parts, read } = readingOf(m, locale, event, idp);
  const said = new Set([...IDP_KEYS, ...read]);
  const rest = Object.entries(event.details)
    .filter(([key]) => !said.has(key))
    .map(([key, value]) => m('pair', { key, value: typeof value === 'string' ? value : valueText(m, value) }));
  return html`${[idp, ...parts, ...rest].filter((p) => p !== undefined && p !== '').join(' · ')}`;
}

/** What each type of event says: one case a type, so a new type cannot go unsaid. */
function readingOf(m: M, locale: Locale, event: AuditEvent, idp: string | undefined): Reading {
  switch (event.type) {
    case 'token.created':
    case 'token.expired': {
      const d = event.details;
      const expiry =
        d.expiresAt === null
          ? undefined
          : m(event.type === 'token.expired' ? 'expired' : 'expires', { date: formatDateTime(locale, d.expiresAt) });
      return {
        parts: [connectionPart(m, d.connection, idp), m('token', { name: d.tokenName, hint: d.hint }), expiry],
        read: [...TOKEN_KEYS, 'expiresAt'],
      };
    }
    case 'token.activated':
    case 'token.deactivated':
    case 'token.deleted': {
      const d = event.details;
      return {
        parts: [connectionPart(m, d.connection, idp), m('token', { name: d.tokenName, hint: d.hint })],
        read: TOKEN_KEYS,
      };
    }
    case 'token.renewed': {
      const d = event.details;
      return {
        parts: [
          connectionPart(m, d.connection, idp),
          m('tokenRenewed', { name: d.tokenName, previous: d.previousHint, hint: d.hint }),
          d.expiresAt === null ? undefined : m('expires', { date: formatDateTime(locale, d.expiresAt) }),
        ],
        read: [...TOKEN_KEYS, 'previousHint', 'expiresAt'],
      };
    }
    case 'connection.created':
      return { parts: [connectionPart(m, event.details.connection, idp)], read: ['connection'] };
    case 'connection.renamed':
      return {
        parts: [m('renamed', { name: event.details.connection, previous: event.details.previousName })],
        read: ['connection', 'previousName'],
      };
    case 'connection.deleted': {
      const d = event.details;
      return {
        parts: [connectionPart(m, d.connection, idp), tokensDeletedPart(m, d.tokensDeleted)],
        read: ['connection', 'tokensDeleted'],
      };
    }
    case 'app_token.created':
    case 'app_token.activated':
    case 'app_token.deactivated':
    case 'app_token.deleted': {
      const d = event.details;
      const created = 'applicationCreated' in d && d.applicationCreated === true;
      const deleted = 'applicationDeleted' in d && d.applicationDeleted === true;
      return {
        parts: [
          m('application', { name: d.application }),
          m('appToken', { hint: d.hint }),
          m('scopes', { list: d.scopes.join(', ') }),
          created ? m('applicationCreated') : undefined,
          deleted ? m('applicationDeleted') : undefined,
        ],
        read: [...APP_TOKEN_KEYS, 'applicationCreated', 'applicationDeleted'],
      };
    }
    case 'app_token.renewed': {
      const d = event.details;
      return {
        parts: [
          m('application', { name: d.application }),
          m('appTokenRenewed', { previous: d.previousHint, hint: d.hint }),
          m('scopes', { list: d.scopes.join(', ') }),
        ],
        read: [...APP_TOKEN_KEYS, 'previousHint'],
      };
    }
    case 'attribute.defined':
      return {
        parts: [m('attribute', { name: event.details.attribute }), definitionPart(m, event.details.definition)],
        read: [...ATTRIBUTE_KEYS, 'definition'],
      };
    case 'attribute.changed':
      return {
        parts: [m('attribute', { name: event.details.attribute }), ...changeParts(m, event.details.changes)],
        read: [...ATTRIBUTE_KEYS, 'changes'],
      };
    case 'attribute.removed': {
      const d = event.details;
      return {
        parts: [
          m('attribute', { name: d.attribute }),
          definitionPart(m, d.definition),
          m('valuesRemoved', { count: formatNumber(locale, d.valuesRemoved) }),
        ],
        read: [...ATTRIBUTE_KEYS, 'definition', 'valuesRemoved'],
      };
    }
    case 'admin.created': {
      const d = event.details;
      const parts = [m('account', { email: d.email }), m('role', { role: roleName(m, d.role) })];
      return d.via === 'setup code'
        ? { parts: [...parts, m('viaSetupCode')], read: ['email', 'role', 'via'] }
        : { parts, read: ['email', 'role'] };
    }
    case 'admin.signed_in':
    case 'admin.sign_in_failed':
      return {
        parts: [m('account', { email: event.details.email }), m('address', { address: event.details.address })],
        read: ['email', 'address'],
      };
    case 'admin.signed_out':
      return { parts: [m('account', { email: event.details.email })], read: ['email'] };
    case 'admin.role_changed': {
      const d = event.details;
      return {
        parts: [
          m('account', { email: d.email }),
          m('roleChanged', { from: roleName(m, d.previousRole), to: roleName(m, d.role) }),
        ],
        read: ['email', 'role', 'previousRole'],
      };
    }
    case 'admin.removed':
      return {
        parts: [m('account', { email: event.details.email }), m('role', { role: roleName(m, event.details.role) })],
        read: ['email', 'role'],
      };
    case 'admin.password_changed':
      return {
        parts: [
          m('account', { email: event.details.email }),
          m('sessionsEnded', { count: formatNumber(locale, event.details.sessionsEnded) }),
        ],
        read: ['email', 'sessionsEnded'],
      };
    case 'tenant.created':
      return { parts: [m('tenant', { slug: event.details.slug, name: event.details.name })], read: ['slug', 'name'] };
    case 'webhook.created':
      return {
        parts: [
          webhookPart(m, event.details),
          event.details.eventTypes === null
            ? m('allTypes')
            : m('types', { types: event.details.eventTypes.join(', ') }),
          m(event.details.format === 'set' ? 'formatSet' : 'formatRoster'),
          m('secret', { hint: event.details.hint }),
        ],
        read: [...WEBHOOK_KEYS, 'eventTypes', 'hint', 'format'],
      };
    case 'webhook.removed':
      return { parts: [webhookPart(m, event.details)], read: WEBHOOK_KEYS };
    case 'webhook.enabled':
      return {
        parts: [webhookPart(m, event.details), m(event.details.mode, { cursor: event.details.cursor })],
        read: [...WEBHOOK_KEYS, 'mode', 'cursor'],
      };
    case 'webhook.disabled':
      return {
        parts: [webhookPart(m, event.details), m(event.details.reason === 'manual' ? 'byHand' : event.details.reason)],
        read: [...WEBHOOK_KEYS, 'reason', 'cursor'],
      };
    case 'webhook.secret_rotated':
      return {
        parts: [
          webhookPart(m, event.details),
          m('secretRotated', { previous: event.details.previousHint, hint: event.details.hint }),
        ],
        read: [...WEBHOOK_KEYS, 'previousHint', 'hint'],
      };
    case 'webhook.replayed':
      return {
        parts: [
          webhookPart(m, event.details),
          m('replayed', { from: event.details.previousCursor, to: event.details.cursor }),
        ],
        read: [...WEBHOOK_KEYS, 'previousCursor', 'cursor'],
      };
  }
}

const WEBHOOK_KEYS = ['url', 'description'];

const webhookPart = (m: M, details: { readonly url: string; readonly description: string }): string =>
  details.description ? m('webhookDescribed', details) : m('webhook', { url: details.url });

/** A connection keeps the IdP's product name unless someone chose another: say it once. */
const connectionPart = (m: M, name: string, idp: string | undefined): string | undefined =>
  name !== idp ? m('connection', { name }) : undefined;

const roleName = (m: M, role: string): string =>
  role === 'owner' || role === 'admin' || role === 'viewer' ? m(role) : role;

function tokensDeletedPart(m: M, tokens: AuditDetailsByType['connection.deleted']['tokensDeleted']): string {
  const names = tokens.map((t) => `${t.tokenName} (…${t.hint})`);
  return names.length > 0 ? m('tokensDeleted', { list: names.join(', ') }) : m('noTokensDeleted');
}

function definitionPart(m: M, def: RecordedDefinition): string {
  const flags = [
    def.type,
    def.multiValued ? m('multiValued') : undefined,
    def.required ? m('required') : undefined,
    def.caseExact ? m('caseExact') : undefined,
    def.mutability,
    def.deprecated ? m('deprecated') : undefined,
    def.description ? `“${def.description}”` : undefined,
  ];
  return flags.filter((f) => f !== undefined).join(', ');
}

const FIELD_LABELS = DEFINITION_FIELDS;

function changeParts(m: M, changes: Readonly<Record<string, SettingChange>>): string[] {
  return Object.entries(changes).map(([field, change]) => {
    const label = (FIELD_LABELS as readonly string[]).includes(field)
      ? m(field as (typeof FIELD_LABELS)[number])
      : field;
    return m('change', { field: label, from: valueText(m, change.from), to: valueText(m, change.to) });
  });
}

function valueText(m: M, value: unknown): string {
  if (typeof value === 'string') return `“${value}”`;
  if (typeof value === 'boolean') return value ? m('yes') : m('no');
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}
