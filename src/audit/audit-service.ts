import type { Selectable } from 'kysely';
import { AdminError } from '../shared/admin-error.ts';
import { decodeCursor, encodeCursor, pageSize } from '../shared/page-cursor.ts';
import { timeRange } from '../shared/time-range.ts';
import type { AuditEventsTable } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import type { AuditEvent } from './audit-event.ts';
import { AUDIT_EVENT_TYPES, isAuditEventType, type AuditEventType, type AuditTargetType } from './audit-event-type.ts';

/** What to list; every filter narrows. */
export interface AuditQuery {
  readonly tenantId: string;
  /** Inclusive; any form `Date` reads. */
  readonly since?: string | undefined;
  /** Exclusive. */
  readonly until?: string | undefined;
  readonly types?: readonly string[] | undefined;
  readonly idpKind?: string | undefined;
  /** `cli`, `admin` or `system` for every actor of that kind, or one actor exactly (`cli:root`, `admin:ann@example.com`). */
  readonly actor?: string | undefined;
  /** Only the events of this HTTP request (its X-Request-Id). */
  readonly requestId?: string | undefined;
  /** 1 to 1000, default 50. */
  readonly limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

export interface AuditPage {
  /** Newest first. */
  readonly events: readonly AuditEvent[];
  /** Hand back as `cursor` for the next, older page; null on the last page. */
  readonly nextCursor: string | null;
}

const ACTOR_KINDS = ['cli', 'admin', 'system'];

/**
 * Reads the audit history: one tenant's events, newest first, in keyset pages (a page
 * holds the events strictly older than the cursor, so paging stays stable while new
 * events arrive).
 */
export class AuditService {
  constructor(private readonly store: StoreDialect) {}

  /**
   * One page of events.
   *
   * @throws AdminError `invalid` for an unknown event type, a bad date, page size or cursor.
   * @example await audit.list({ tenantId, types: ['token.renewed'], idpKind: 'entra', limit: 20 })
   */
  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = pageSize(query.limit);
    const range = timeRange(query);
    const types = checkTypes(query.types);
    let q = this.store.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', query.tenantId);
    if (range.since !== undefined) q = q.where('at', '>=', range.since);
    if (range.until !== undefined) q = q.where('at', '<', range.until);
    if (types !== undefined) q = q.where('event_type', 'in', types);
    if (query.idpKind !== undefined) q = q.where('idp_kind', '=', query.idpKind);
    if (query.requestId !== undefined) q = q.where('request_id', '=', query.requestId);
    const actor = query.actor;
    if (actor !== undefined) {
      q = ACTOR_KINDS.includes(actor) ? q.where('actor_kind', '=', actor) : q.where('actor', '=', actor);
    }
    if (query.cursor !== undefined) {
      const { at, id } = decodeCursor(query.cursor);
      q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(at, String(id))));
    }
    const rows = await q
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const events = rows.slice(0, limit).map(toEvent);
    const last = events.at(-1);
    return { events, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /**
   * Every matching event, newest first (from `cursor` on, when given), read a page at a
   * time (for exports).
   *
   * @example for await (const e of audit.all({ tenantId })) out.write(auditCsvRow(e))
   */
  async *all(query: Omit<AuditQuery, 'limit'>): AsyncGenerator<AuditEvent> {
    let cursor = query.cursor;
    do {
      const page = await this.list({ ...query, limit: 500, cursor });
      yield* page.events;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
}

function checkTypes(types: readonly string[] | undefined): AuditEventType[] | undefined {
  if (types === undefined || types.length === 0) return undefined;
  return types.map((t) => {
    if (!isAuditEventType(t))
      throw new AdminError('invalid', 'unknownEventType', { type: t, types: AUDIT_EVENT_TYPES.join(', ') });
    return t;
  });
}

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  // The recorder wrote the details its type records (AuditEventInput), so the tag holds.
  return {
    id: row.id,
    tenantId: row.tenant_id,
    at: row.at,
    actor: row.actor,
    type: row.event_type as AuditEventType,
    targetType: row.target_type as AuditTargetType,
    targetId: row.target_id,
    idpKind: row.idp_kind,
    details: JSON.parse(row.details) as AuditEvent['details'],
    requestId: row.request_id,
  } as AuditEvent;
}
