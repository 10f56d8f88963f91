import type { AuditEventType, AuditTargetType } from './audit-event-type.ts';

/** A recorded audit event, as queries return it. */
export interface AuditEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly at: string;
  /** `cli`, `cli:<os user>`, `admin:<email>` or `system`. */
  readonly actor: string;
  readonly type: AuditEventType;
  readonly targetType: AuditTargetType;
  readonly targetId: string | null;
  readonly idpKind: string | null;
  /** Names the IdP (`idp`, `idpKind`) when the event concerns one, and what changed. */
  readonly details: Readonly<Record<string, unknown>>;
  /** The id of the HTTP request that caused it (its X-Request-Id); null for CLI and system events. */
  readonly requestId: string | null;
}
