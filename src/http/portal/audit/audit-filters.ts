import { isAuditEventType } from '../../../audit/audit-event-type.ts';
import type { AuditQuery } from '../../../audit/audit-service.ts';
import { isIdpKind } from '../../../tokens/idp-kinds.ts';
import type { AuditMessageKey } from './audit-messages.ts';

/** The filter form's fields as the administrator typed them; `''` is "any". */
export interface AuditFilterValues {
  /** `YYYY-MM-DD` (an `<input type="date">`), UTC. */
  readonly from: string;
  /** `YYYY-MM-DD`, inclusive: the whole day counts. */
  readonly to: string;
  readonly type: string;
  readonly idp: string;
  readonly actor: string;
}

/** Why the filters cannot be used, as a message of the page. */
export interface AuditFilterProblem {
  readonly key: AuditMessageKey;
  readonly params: Readonly<Record<string, string>>;
}

export type AuditFilters =
  | {
      readonly ok: true;
      readonly values: AuditFilterValues;
      readonly query: Omit<AuditQuery, 'tenantId' | 'limit' | 'cursor'>;
    }
  | { readonly ok: false; readonly values: AuditFilterValues; readonly problem: AuditFilterProblem };

/** The longest actor filter: `admin:` and the longest email address. */
const MAX_ACTOR = 320;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the filters from a query string (the page's GET form, its paging links and the
 * CSV link all carry the same fields). An "any" select may arrive as `''` or `all`.
 *
 * @example readAuditFilters({ from: '2026-01-01', to: '2026-01-31', idp: 'entra' })
 */
export function readAuditFilters(params: Readonly<Record<string, string>>): AuditFilters {
  const any = (v: string | undefined) => (v === undefined || v === 'all' ? '' : v.trim());
  const values: AuditFilterValues = {
    from: any(params.from),
    to: any(params.to),
    type: any(params.type),
    idp: any(params.idp),
    actor: (params.actor ?? '').trim(),
  };
  const fail = (key: AuditMessageKey, value = ''): AuditFilters => ({
    ok: false,
    values,
    problem: { key, params: { value } },
  });
  const since = values.from === '' ? undefined : dayStart(values.from);
  if (since === null) return fail('badFrom', values.from);
  const lastDay = values.to === '' ? undefined : dayStart(values.to);
  if (lastDay === null) return fail('badTo', values.to);
  if (since !== undefined && lastDay !== undefined && lastDay < since) return fail('badRange');
  if (values.type !== '' && !isAuditEventType(values.type)) return fail('badType', values.type);
  if (values.idp !== '' && !isIdpKind(values.idp)) return fail('badIdp', values.idp);
  if (values.actor.length > MAX_ACTOR) return fail('badActor');
  return {
    ok: true,
    values,
    query: {
      since,
      until: lastDay === undefined ? undefined : new Date(Date.parse(lastDay) + 86_400_000).toISOString(),
      types: values.type === '' ? undefined : [values.type],
      idpKind: values.idp === '' ? undefined : values.idp,
      actor: values.actor === '' ? undefined : actorFilter(values.actor),
    },
  };
}

/**
 * The filters as query-string fields, empty ones left out: for the paging and CSV links.
 *
 * @example `${PORTAL_PATHS.auditCsv}?${auditFilterParams(values)}`
 */
export function auditFilterParams(
  values: AuditFilterValues,
  extra: Readonly<Record<string, string>> = {},
): URLSearchParams {
  return new URLSearchParams(Object.entries({ ...values, ...extra }).filter(([, v]) => v !== ''));
}

/** Midnight UTC of a `YYYY-MM-DD` day, or null when it is no such day (`2026-02-30`). */
function dayStart(text: string): string | null {
  if (!DATE.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00.000Z`);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return iso.startsWith(text) ? iso : null;
}

/** An email address alone means that administrator; anything else is passed as stored. */
function actorFilter(actor: string): string {
  return !actor.includes(':') && actor.includes('@') ? `admin:${actor}` : actor;
}
