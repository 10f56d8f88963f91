import { csvRow } from '../shared/csv-row.ts';
import type { AuditEvent } from './audit-event.ts';

/** The CSV export's header record. */
export const AUDIT_CSV_HEADER = csvRow([
  'at',
  'type',
  'actor',
  'target_type',
  'target_id',
  'idp_kind',
  'idp',
  'connection',
  'token_name',
  'details',
]);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * One event as a CSV record under {@link AUDIT_CSV_HEADER}. The names a spreadsheet
 * user filters on (IdP, connection, token) get columns of their own; `details` holds
 * the whole JSON.
 *
 * @example out.write(AUDIT_CSV_HEADER); for await (const e of audit.all(q)) out.write(auditCsvRow(e));
 */
export function auditCsvRow(event: AuditEvent): string {
  return csvRow([
    event.at,
    event.type,
    event.actor,
    event.targetType,
    event.targetId,
    event.idpKind,
    text(event.details.idp),
    'connection' in event.details ? event.details.connection : '',
    'tokenName' in event.details ? event.details.tokenName : '',
    JSON.stringify(event.details),
  ]);
}
