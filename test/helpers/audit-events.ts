import type { AuditEvent } from '../../src/audit/audit-event.ts';
import type { AuditEventType } from '../../src/audit/audit-event-type.ts';

/** The events of one type, typed with that type's details. */
export const eventsOfType = <T extends AuditEventType>(
  events: readonly AuditEvent[],
  type: T,
): Extract<AuditEvent, { type: T }>[] => events.filter((e): e is Extract<AuditEvent, { type: T }> => e.type === type);
