import { AUDIT_CSV_HEADER, auditCsvRow } from '../../../audit/audit-csv.ts';
import type { AuditEvent } from '../../../audit/audit-event.ts';

/** Bytes gathered before a chunk goes out: few writes, little memory, whatever the export's size. */
const CHUNK = 64 * 1024;

/**
 * The CSV export of a stream of events, header first, in chunks of about 64 KB, so a
 * download of the whole history never sits in memory.
 *
 * @example reply.send(Readable.from(auditCsvChunks(roster.audit.all(query))))
 */
export async function* auditCsvChunks(events: AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  let chunk = AUDIT_CSV_HEADER;
  for await (const event of events) {
    chunk += auditCsvRow(event);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * The download's file name, dated the day it is made (UTC).
 *
 * @example auditCsvFileName(new Date('2026-03-01T10:00:00Z')) // 'audit-history-2026-03-01.csv'
 */
export const auditCsvFileName = (now: Date = new Date()): string =>
  `audit-history-${now.toISOString().slice(0, 10)}.csv`;
