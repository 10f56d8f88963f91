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
  /** Case-insensitive text the path, userName, displayName, resource id or detail contains. */
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
}

/**
 * One page of a tenant's provisioning log, newest first, keyset-paged on (at, id) over the
 * (tenant_id, at, id) index, or the (tenant_id, resource_id, at, id) one for one resource.
 *
 * @throws AdminError `invalid` for a bad date, page size or cursor.
 * @example await queryLog(db, { tenantId, errorsOnly: true, text: 'jane@' })
 */
export async function queryLog(db: Kysely<Database>, query: LogQuery): Promise<LogPage> {
  const limit = pageSize(query.limit);
  const range = timeRange(query);
  let q = db.selectFrom('provisioning_log').selectAll().where('tenant_id', '=', query.tenantId);
  if (range.since !== undefined) q = q.where('at', '>=', range.since);
  if (range.until !== undefined) q = q.where('at', '<', range.until);
  if (query.connectionId !== undefined) q = q.where('connection_id', '=', query.connectionId);
  if (query.idpKind !== undefined) q = q.where('idp_kind', '=', query.idpKind);
  if (query.resourceId !== undefined) q = q.where('resource_id', '=', query.resourceId);
  if (query.errorsOnly) q = q.where('status', '>=', 400);
  if (query.text !== undefined && query.text !== '') {
    const pattern = `%${query.text.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
    q = q.where((eb) =>
      eb.or(
        (['path', 'user_name', 'display_name', 'resource_id', 'detail'] as const).map(
          (column) => sql<boolean>`lower(${eb.ref(column)}) like ${pattern} escape '!'`,
        ),
      ),
    );
  }
  if (query.cursor !== undefined) {
    const { at, id } = decodeCursor(query.cursor);
    q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(at, Number(id))));
  }
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const entries = rows.slice(0, limit).map(toRecord);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
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
