import type { AttributeDefinition } from '../attributes/attribute-definition.ts';
import type { AuditEventType } from './audit-event-type.ts';

/** The IdP an event concerns, added by the recorder when the event names one. */
export interface IdpDetails {
  /** The IdP's product name, e.g. `Microsoft Entra ID`. */
  readonly idp?: string;
  readonly idpKind?: string;
}

/** The token an event is about: its connection, name and last four characters. */
export interface TokenDetails {
  readonly connection: string;
  readonly tokenName: string;
  readonly hint: string;
}

/** The application token an event is about: its application, the application's scopes, its last four characters. */
export interface AppTokenDetails {
  readonly application: string;
  readonly scopes: readonly string[];
  readonly hint: string;
}

/** The custom attribute an event is about. */
export interface AttributeDetails {
  readonly attribute: string;
  /** The extension schema's URN, and the attribute's full path under it. */
  readonly schema: string;
  readonly path: string;
}

/** A custom attribute's definition as recorded: its settings, without its id or times. */
export type RecordedDefinition = Omit<AttributeDefinition, 'id' | 'createdAt' | 'updatedAt'>;

/** One changed setting of a definition. */
export interface SettingChange {
  readonly from: unknown;
  readonly to: unknown;
}

/**
 * What each type of audit event records, besides {@link IdpDetails}: the one place that
 * says it, for the services that record events and the pages that show them.
 */
export interface AuditDetailsByType {
  'token.created': TokenDetails & { readonly expiresAt: string | null };
  'token.activated': TokenDetails;
  'token.deactivated': TokenDetails;
  /** `hint` is the new secret's, `previousHint` the old one's. */
  'token.renewed': TokenDetails & { readonly previousHint: string; readonly expiresAt: string | null };
  'token.deleted': TokenDetails;
  'token.expired': TokenDetails & { readonly expiresAt: string | null };
  'connection.created': { readonly connection: string };
  'connection.renamed': { readonly connection: string; readonly previousName: string };
  'connection.deleted': {
    readonly connection: string;
    readonly tokensDeleted: readonly { readonly tokenName: string; readonly hint: string }[];
  };
  /** `applicationCreated`: the application was new, created with this first token. */
  'app_token.created': AppTokenDetails & { readonly applicationCreated?: true };
  'app_token.activated': AppTokenDetails;
  'app_token.deactivated': AppTokenDetails;
  /** `hint` is the new secret's, `previousHint` the old one's. */
  'app_token.renewed': AppTokenDetails & { readonly previousHint: string };
  /** `applicationDeleted`: it was the application's last token, so the application went with it. */
  'app_token.deleted': AppTokenDetails & { readonly applicationDeleted?: true };
  /** `valuesCleared`: stale values of an earlier attribute of that name, removed on definition. */
  'attribute.defined': AttributeDetails & { readonly definition: RecordedDefinition; readonly valuesCleared?: number };
  'attribute.changed': AttributeDetails & { readonly changes: Readonly<Record<string, SettingChange>> };
  'attribute.removed': AttributeDetails & { readonly definition: RecordedDefinition; readonly valuesRemoved: number };
  'admin.created': { readonly email: string; readonly role: string; readonly via?: 'setup code' };
  'admin.signed_in': { readonly email: string; readonly address: string };
  'admin.sign_in_failed': { readonly email: string; readonly address: string };
  'admin.signed_out': { readonly email: string };
  'admin.role_changed': { readonly email: string; readonly previousRole: string; readonly role: string };
  'admin.removed': { readonly email: string; readonly role: string };
  /** `reset`: set from the command line without the current password. */
  'admin.password_changed': { readonly email: string; readonly sessionsEnded: number; readonly reset?: true };
  'tenant.created': { readonly slug: string; readonly name: string };
  /** `eventTypes` null: every type. Never the secret: `hint` is its last four characters. */
  /** `format`: what the endpoint receives (absent before migration 0016: `roster`). */
  'webhook.created': WebhookDetails & {
    readonly eventTypes: readonly string[] | null;
    readonly hint: string;
    readonly format?: 'roster' | 'set';
  };
  'webhook.removed': WebhookDetails;
  /** `mode`: from its cursor (`resume`) or from the feed's end (`skip`). */
  'webhook.enabled': WebhookDetails & { readonly mode: 'resume' | 'skip'; readonly cursor: number };
  /** `reason`: by someone (`manual`), the receiver answered 410 (`gone`), 5 days of failures (`failing`). */
  'webhook.disabled': WebhookDetails & { readonly reason: 'manual' | 'gone' | 'failing'; readonly cursor: number };
  'webhook.secret_rotated': WebhookDetails & { readonly previousHint: string; readonly hint: string };
  'webhook.replayed': WebhookDetails & { readonly previousCursor: number; readonly cursor: number };
}

/** The webhook endpoint an event is about. */
export interface WebhookDetails {
  readonly url: string;
  readonly description: string;
}

/** The details of an event of type `T`. */
export type AuditDetails<T extends AuditEventType> = AuditDetailsByType[T];
