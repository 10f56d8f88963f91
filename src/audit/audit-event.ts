import type { AuditDetailsByType, IdpDetails } from './audit-details.ts';
import type { AuditEventType, AuditTargetType } from './audit-event-type.ts';

/** What every recorded audit event has, whatever its type. */
interface RecordedEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly at: string;
  /** `cli`, `cli:<os user>`, `admin:<email>` or `system`. */
  readonly actor: string;
  readonly targetType: AuditTargetType;
  readonly targetId: string | null;
  readonly idpKind: string | null;
  /** The id of the HTTP request that caused it (its X-Request-Id); null for CLI and system events. */
  readonly requestId: string | null;
}

/**
 * A recorded audit event, as queries return it: a union tagged by `type`, each with the
 * details its type records, plus the IdP (`idp`, `idpKind`) when it concerns one.
 */
export type AuditEvent = {
  [T in AuditEventType]: RecordedEvent & { readonly type: T; readonly details: AuditDetailsByType[T] & IdpDetails };
}[AuditEventType];
