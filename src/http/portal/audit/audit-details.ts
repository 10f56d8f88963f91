import type { AuditEvent } from '../../../audit/audit-event.ts';
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
  },
  {
    connection: 'connexion « {name} »',
    renamed: 'connexion « {name} », anciennement « {previous} »',
    token: 'jeton {name} (…{hint})',
    tokenRenewed: 'jeton {name} (…{previous} → …{hint})',
    expires: 'expire le {date}',
    expired: 'expiré le {date}',
    tokensDeleted: 'jetons supprimés : {list}',
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
  },
);

type M = Translate<Parameters<ReturnType<typeof messages>>[0]>;

/** Keys read into the sentence; any other key is listed as `key: value` after it. */
const READ = new Set([
  'idp',
  'idpKind',
  'connection',
  'previousName',
  'tokenName',
  'hint',
  'previousHint',
  'expiresAt',
  'tokensDeleted',
  'attribute',
  'schema',
  'path',
  'definition',
  'changes',
  'valuesRemoved',
  'email',
  'role',
  'previousRole',
  'sessionsEnded',
  'address',
]);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * An event's details as one readable line, the IdP first, e.g.
 * `Microsoft Entra ID · token entra-main (…abcd)`. Details written by later versions (or
 * by event types this page does not know) still show, as `key: value` pairs.
 *
 * @example html`<td>${auditDetails('en', event)}</td>`
 */
export function auditDetails(locale: Locale, event: AuditEvent): SafeHtml {
  const m = messages(locale);
  const d = event.details;
  const idp = str(d.idp) ?? (event.idpKind !== null ? idpName(event.idpKind) : undefined);
  const parts: (string | undefined)[] = [idp, connectionPart(m, d, idp), tokenPart(m, d), expiryPart(m, locale, event)];
  if (Array.isArray(d.tokensDeleted)) parts.push(tokensDeletedPart(m, d.tokensDeleted));
  if (str(d.attribute) !== undefined) parts.push(m('attribute', { name: str(d.attribute)! }));
  if (isRecord(d.definition)) parts.push(definitionPart(m, d.definition));
  if (isRecord(d.changes)) parts.push(...changeParts(m, d.changes));
  parts.push(...accountParts(m, locale, d));
  if (typeof d.valuesRemoved === 'number') parts.push(m('valuesRemoved', { count: formatNumber(locale, d.valuesRemoved) }));
  const slug = event.type === 'tenant.created' ? str(d.slug) : undefined;
  if (slug !== undefined) parts.push(m('tenant', { slug, name: str(d.name) ?? slug }));
  const said = (key: string, value: unknown) =>
    READ.has(key) || (slug !== undefined && (key === 'slug' || key === 'name')) || (key === 'via' && value === 'setup code');
  for (const [key, value] of Object.entries(d)) {
    if (!said(key, value)) parts.push(m('pair', { key, value: typeof value === 'string' ? value : valueText(m, value) }));
  }
  return html`${parts.filter((p) => p !== undefined && p !== '').join(' · ')}`;
}

function connectionPart(m: M, d: AuditEvent['details'], idp: string | undefined): string | undefined {
  const name = str(d.connection);
  const previous = str(d.previousName);
  if (name !== undefined && previous !== undefined) return m('renamed', { name, previous });
  // A connection keeps the IdP's product name unless someone chose another: say it once.
  return name !== undefined && name !== idp ? m('connection', { name }) : undefined;
}

/**
 * The portal account an `admin.*` event is about, its role (or its role change), the
 * sessions a password change ended, and where the request came from.
 */
function accountParts(m: M, locale: Locale, d: AuditEvent['details']): (string | undefined)[] {
  const email = str(d.email);
  const role = str(d.role);
  const previous = str(d.previousRole);
  const address = str(d.address);
  const roleName = (r: string): string => (r === 'owner' || r === 'admin' || r === 'viewer' ? m(r) : r);
  return [
    email !== undefined ? m('account', { email }) : undefined,
    role !== undefined && previous !== undefined ? m('roleChanged', { from: roleName(previous), to: roleName(role) }) : undefined,
    role !== undefined && previous === undefined ? m('role', { role: roleName(role) }) : undefined,
    typeof d.sessionsEnded === 'number' ? m('sessionsEnded', { count: formatNumber(locale, d.sessionsEnded) }) : undefined,
    d.via === 'setup code' ? m('viaSetupCode') : undefined,
    address !== undefined ? m('address', { address }) : undefined,
  ];
}

function tokenPart(m: M, d: AuditEvent['details']): string | undefined {
  const name = str(d.tokenName);
  const hint = str(d.hint) ?? '';
  if (name === undefined) return undefined;
  const previous = str(d.previousHint);
  return previous !== undefined ? m('tokenRenewed', { name, previous, hint }) : m('token', { name, hint });
}

function expiryPart(m: M, locale: Locale, event: AuditEvent): string | undefined {
  const at = str(event.details.expiresAt);
  if (at === undefined) return undefined;
  return m(event.type === 'token.expired' ? 'expired' : 'expires', { date: formatDateTime(locale, at) });
}

function tokensDeletedPart(m: M, tokens: readonly unknown[]): string {
  const names = tokens.filter(isRecord).map((t) => `${str(t.tokenName) ?? '?'} (…${str(t.hint) ?? ''})`);
  return names.length > 0 ? m('tokensDeleted', { list: names.join(', ') }) : m('noTokensDeleted');
}

function definitionPart(m: M, def: Readonly<Record<string, unknown>>): string {
  const flags = [
    str(def.type),
    def.multiValued === true ? m('multiValued') : undefined,
    def.required === true ? m('required') : undefined,
    def.caseExact === true ? m('caseExact') : undefined,
    str(def.mutability),
    def.deprecated === true ? m('deprecated') : undefined,
    str(def.description) ? `“${str(def.description)}”` : undefined,
  ];
  return flags.filter((f) => f !== undefined).join(', ');
}

const FIELD_LABELS = ['type', 'multiValued', 'required', 'caseExact', 'mutability', 'description', 'deprecated'] as const;

function changeParts(m: M, changes: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(changes).map(([field, change]) => {
    const label = (FIELD_LABELS as readonly string[]).includes(field) ? m(field as (typeof FIELD_LABELS)[number]) : field;
    if (!isRecord(change)) return m('pair', { key: label, value: valueText(m, change) });
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

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
