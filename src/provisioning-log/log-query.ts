import { sql, type Kysely, type Selectable } from 'kysely';
import { decodeCursor, encodeCursor, pageSize } from '../shared/page-cursor.ts';
import { timeRange } from '../shared/time-range.ts';
import type { Database, ProvisioningLogTable } from '../store/database.ts';
import type { LogRecord } from './log-entry.ts';

/** What to list; every filter narrows. */
export interface LogQuery {
  readonly tenantId: string;
  readonly connectionId?: string | undefined;
  readonly idpKind?: string | undefined;
  /** Only requests about this user or group (its id), through the (tenant_id, resource_id, at, id) index. */
  readonly resourceId?: string | undefined;
  /** Only requests answered with status 400 or above. */
  readonly errorsOnly?: boolean | undefined;
  /** Case-insensitive text the path, userName, displayName, resource id, detail or request id contains. */
  readonly text?: string | undefined;
  /** Inclusive; any form `Date` reads. */
  readonly since?: string | undefined;
  /** Exclusive. */
  readonly until?: string | undefined;
  /** 1 to 1000, default 50. */
  readonly limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

export interface LogPage {
  /** Newest first. */
  readonly entries: readonly LogRecord[];
  /** Hand back as `cursor` for the next, older page; null on the last page. */
  readonly nextCursor: string | null;
  /**
   * When a filter no index serves (text, errors only, IdP) stopped at the end of its
   * window before filling the page: the time of the oldest entry it looked at. The page
   * may hold fewer entries, even none; `nextCursor` searches on from there.
   */
  readonly searchedBackTo: string | null;
}

/**
 * Entries one page may examine for filters no index serves: a page costs the same
 * however large the log (a rare text over 200,000 entries took 400 ms unbounded).
 */
export const LOG_SCAN_WINDOW = 20_000;

/**
 * One page of a tenant's provisioning log, newest first, keyset-paged on (at, id) over the
 * (tenant_id, at, id) index, or the (tenant_id, resource_id, at, id) one for one resource.
 * Filters no index serves look at {@link LOG_SCAN_WINDOW} entries per page at most.
 *
 * @throws AdminError `invalid` for a bad date, page size or cursor.
 * @example await queryLog(db, { tenantId, errorsOnly: true, text: 'jane@' })
 */
export async function queryLog(db: Kysely<Database>, query: LogQuery): Promise<LogPage> {
  const limit = pageSize(query.limit);
  const range = timeRange(query);
  // What an index serves: the tenant (or resource, or connection), the time range, the cursor.
  let base = db.selectFrom('provisioning_log').where('tenant_id', '=', query.tenantId);
  if (range.since !== undefined) base = base.where('at', '>=', range.since);
  if (range.until !== undefined) base = base.where('at', '<', range.until);
  if (query.connectionId !== undefined) base = base.where('connection_id', '=', query.connectionId);
  if (query.resourceId !== undefined) base = base.where('resource_id', '=', query.resourceId);
  if (query.cursor !== undefined) {
    const { at, id } = decodeCursor(query.cursor);
    base = base.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(at, Number(id))));
  }
  const text = query.text ?? '';
  const windowed = text !== '' || query.errorsOnly === true || query.idpKind !== undefined;
  // The oldest entry of the window, found by walking the index alone.
  const edge = windowed
    ? await base
        .select(['at', 'id'])
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .offset(LOG_SCAN_WINDOW - 1)
        .limit(1)
        .executeTakeFirst()
    : undefined;
  let q = base.selectAll();
  if (edge) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '>=', eb.tuple(edge.at, Number(edge.id))));
  if (query.idpKind !== undefined) q = q.where('idp_kind', '=', query.idpKind);
  if (query.errorsOnly) q = q.where('status', '>=', 400);
  if (text !== '') {
    const pattern = `%${text.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
    q = q.where((eb) =>
      eb.or(
        (['path', 'user_name', 'display_name', 'resource_id', 'detail', 'request_id'] as const).map(
          (column) => sql<boolean>`lower(${eb.ref(column)}) like ${pattern} escape '!'`,
        ),
      ),
    );
  }
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const entries = rows.slice(0, limit).map(toRecord);
  const last = entries.at(-1);
  if (rows.length > limit && last) return { entries, nextCursor: encodeCursor(last), searchedBackTo: null };
  // The window ran out before the page filled: older entries remain to be searched.
  if (edge) return { entries, nextCursor: encodeCursor({ at: edge.at, id: Number(edge.id) }), searchedBackTo: edge.at };
  return { entries, nextCursor: null, searchedBackTo: null };
}

function toRecord(row: Selectable<ProvisioningLogTable>): LogRecord {
  return {
    id: Number(row.id),
    at: row.at,
    tenantId: row.tenant_id,
    connectionId: row.connection_id,
    tokenId: row.token_id,
    idpKind: row.idp_kind,
    method: row.method,
    path: row.path,
    status: Number(row.status),
    scimType: row.scim_type,
    durationMs: Number(row.duration_ms),
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    userName: row.user_name,
    displayName: row.display_name,
    detail: row.detail,
    ignored: parseIgnored(row.ignored),
    requestId: row.request_id,
  };
}

function parseIgnored(text: string | null): string[] {
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}
