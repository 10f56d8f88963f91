/** Every kind of audit event, in one closed list. */
export const AUDIT_EVENT_TYPES = [
  'token.created',
  'token.activated',
  'token.deactivated',
  'token.renewed',
  'token.deleted',
  'token.expired',
  'connection.created',
  'connection.renamed',
  'connection.deleted',
  'app_token.created',
  'app_token.activated',
  'app_token.deactivated',
  'app_token.renewed',
  'app_token.deleted',
  'attribute.defined',
  'attribute.changed',
  'attribute.removed',
  'admin.created',
  'admin.signed_in',
  'admin.sign_in_failed',
  'admin.signed_out',
  'admin.role_changed',
  'admin.removed',
  'admin.password_changed',
  'tenant.created',
  'webhook.created',
  'webhook.removed',
  'webhook.enabled',
  'webhook.disabled',
  'webhook.secret_rotated',
  'webhook.replayed',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What an audit event is about. */
export type AuditTargetType = 'token' | 'connection' | 'app_token' | 'attribute' | 'admin' | 'tenant' | 'webhook';

export const isAuditEventType = (value: string): value is AuditEventType =>
  (AUDIT_EVENT_TYPES as readonly string[]).includes(value);

/**
 * The kind of thing an event of this type is about.
 *
 * @example targetTypeOf('token.renewed') // 'token'
 */
export function targetTypeOf(type: AuditEventType): AuditTargetType {
  switch (type) {
    case 'token.created':
    case 'token.activated':
    case 'token.deactivated':
    case 'token.renewed':
    case 'token.deleted':
    case 'token.expired':
      return 'token';
    case 'connection.created':
    case 'connection.renamed':
    case 'connection.deleted':
      return 'connection';
    case 'app_token.created':
    case 'app_token.activated':
    case 'app_token.deactivated':
    case 'app_token.renewed':
    case 'app_token.deleted':
      return 'app_token';
    case 'attribute.defined':
    case 'attribute.changed':
    case 'attribute.removed':
      return 'attribute';
    case 'admin.created':
    case 'admin.signed_in':
    case 'admin.sign_in_failed':
    case 'admin.signed_out':
    case 'admin.role_changed':
    case 'admin.removed':
    case 'admin.password_changed':
      return 'admin';
    case 'tenant.created':
      return 'tenant';
    case 'webhook.created':
    case 'webhook.removed':
    case 'webhook.enabled':
    case 'webhook.disabled':
    case 'webhook.secret_rotated':
    case 'webhook.replayed':
      return 'webhook';
  }
}
