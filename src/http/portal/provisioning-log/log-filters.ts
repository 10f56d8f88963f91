import type { LogQuery } from '../../../provisioning-log/log-query.ts';
import { isIdpKind } from '../../../tokens/idp-kinds.ts';
import type { LogMessageKey } from './log-messages.ts';

/** The filter form's fields as the administrator chose them; `''` is "any". */
export interface LogFilterValues {
  readonly idp: string;
  /** `''` for every request, `errors` for status 400 and above. */
  readonly status: string;
  readonly text: string;
}

/** Why the filters cannot be used, as a message of the page. */
export interface LogFilterProblem {
  readonly key: LogMessageKey;
  readonly params: Readonly<Record<string, string | number>>;
}

export type LogFilters =
  | {
      readonly ok: true;
      readonly values: LogFilterValues;
      readonly query: Omit<LogQuery, 'tenantId' | 'limit' | 'cursor'>;
    }
  | { readonly ok: false; readonly values: LogFilterValues; readonly problem: LogFilterProblem };

/** The longest search: longer text is no userName or path anyone types. */
export const MAX_SEARCH = 200;

/**
 * Reads the filters from a query string (the GET form and its paging links carry the
 * same fields). An "any" select may arrive as `''` or `all`.
 *
 * @example readLogFilters({ idp: 'okta', status: 'errors', text: 'jane@' })
 */
export function readLogFilters(params: Readonly<Record<string, string>>): LogFilters {
  const any = (v: string | undefined) => (v === undefined || v === 'all' ? '' : v.trim());
  const values: LogFilterValues = {
    idp: any(params.idp),
    status: any(params.status),
    text: (params.text ?? '').trim(),
  };
  const fail = (key: LogMessageKey, extra: Record<string, string | number> = {}): LogFilters => ({
    ok: false,
    values,
    problem: { key, params: extra },
  });
  if (values.idp !== '' && !isIdpKind(values.idp)) return fail('badIdp', { value: values.idp });
  if (values.status !== '' && values.status !== 'errors') return fail('badStatus', { value: values.status });
  if (values.text.length > MAX_SEARCH) return fail('badText', { max: MAX_SEARCH });
  return {
    ok: true,
    values,
    query: {
      idpKind: values.idp === '' ? undefined : values.idp,
      errorsOnly: values.status === 'errors',
      text: values.text === '' ? undefined : values.text,
    },
  };
}

/**
 * The filters as query-string fields, empty ones left out: for the paging links.
 *
 * @example `${PORTAL_PATHS.log}?${logFilterParams(values, { cursor })}`
 */
export function logFilterParams(
  values: LogFilterValues,
  extra: Readonly<Record<string, string>> = {},
): URLSearchParams {
  return new URLSearchParams(Object.entries({ ...values, ...extra }).filter(([, v]) => v !== ''));
}
