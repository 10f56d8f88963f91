import type { LogRecord } from '../../../provisioning-log/log-entry.ts';
import { IDP_KINDS } from '../../../tokens/idp-kinds.ts';
import { idpName } from '../../../tokens/token-view.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime, formatNumber, type Locale } from '../i18n.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { logDetailCell } from './log-detail-cell.ts';
import { logFilterParams, MAX_SEARCH, type LogFilterValues } from './log-filters.ts';
import { logMessages } from './log-messages.ts';

/** What the Provisioning log page shows. */
export interface LogPageView {
  readonly values: LogFilterValues;
  /** Null when the filters could not be used: the form and the notice only. */
  readonly entries: readonly LogRecord[] | null;
  readonly nextCursor: string | null;
  /** Set when the search stopped at the end of its window (see LogPage.searchedBackTo). */
  readonly searchedBackTo?: string | null;
  /** Whether this is an older page (so a link back to the newest one is offered). */
  readonly older: boolean;
  /** Why the filters could not be used. */
  readonly error?: string;
}

/**
 * The Provisioning log page: the filter form, the SCIM requests newest first (time, IdP,
 * request, status, duration, resource, detail) and the Newest/Older links.
 */
export function renderLogPage(ctx: PortalContext, view: LogPageView): string {
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('log'),
    active: 'log',
    notice: view.error !== undefined ? { kind: 'error', text: view.error } : undefined,
    body: html`
${filterForm(ctx.locale, view.values)}
${view.entries && entriesTable(ctx.locale, view.entries)}
${view.searchedBackTo && html`<p class="muted" role="status">${logMessages(ctx.locale)('searchedBack', { at: formatDateTime(ctx.locale, view.searchedBackTo) })}</p>`}
${view.entries && pager(ctx.locale, view)}`,
  });
}

function filterForm(locale: Locale, v: LogFilterValues): SafeHtml {
  const m = logMessages(locale);
  const option = (value: string, label: string, current: string) =>
    html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${PORTAL_PATHS.log}" class="filters" role="search" aria-label="${m('filters')}">
  <div><label for="log-idp">${m('idp')}</label><select id="log-idp" name="idp">
    ${option('', m('all'), v.idp)}${Object.entries(IDP_KINDS).map(([kind, name]) => option(kind, name, v.idp))}
  </select></div>
  <div><label for="log-status">${m('status')}</label><select id="log-status" name="status">
    ${option('', m('allRequests'), v.status)}${option('errors', m('errorsOnly'), v.status)}
  </select></div>
  <div><label for="log-text">${m('text')}</label><input type="search" id="log-text" name="text" value="${v.text}" maxlength="${MAX_SEARCH}" aria-describedby="log-text-hint">
    <small id="log-text-hint" class="muted">${m('textHint')}</small></div>
  <div><button type="submit">${m('apply')}</button> <a href="${PORTAL_PATHS.log}">${m('reset')}</a></div>
</form>`;
}

function entriesTable(locale: Locale, entries: readonly LogRecord[]): SafeHtml {
  const m = logMessages(locale);
  if (entries.length === 0) return html`<p class="muted">${m('none')}</p>`;
  const head = [m('time'), m('idp'), m('request'), m('status'), m('duration'), m('resource'), m('detail')];
  return html`<div class="table-wrap"><table class="log-table" aria-label="${m('entries')}">
<thead><tr>${head.map((label) => html`<th scope="col">${label}</th>`)}</tr></thead>
<tbody>${entries.map((e) => entryRow(locale, e))}</tbody>
</table></div>`;
}

function entryRow(locale: Locale, e: LogRecord): SafeHtml {
  const m = logMessages(locale);
  const type = e.resourceType === 'User' || e.resourceType === 'Group' ? m(e.resourceType) : e.resourceType;
  const name = e.userName ?? e.displayName;
  return html`
<tr${e.status >= 400 ? html` class="log-failed"` : ''}>
  <td><time datetime="${e.at}">${formatDateTime(locale, e.at)}</time></td>
  <td>${idpName(e.idpKind)}</td>
  <td><code>${e.method}</code> <code class="log-path">${e.path}</code>${e.requestId && html`<br><small class="muted log-request-id">${m('requestId')} <code>${e.requestId}</code></small>`}</td>
  <td>${e.status >= 400 ? html`<span class="log-status-error">${e.status}</span>` : e.status}${e.scimType !== null && html` <code>${e.scimType}</code>`}</td>
  <td>${m('ms', { n: formatNumber(locale, Math.round(e.durationMs * 10) / 10) })}</td>
  <td>${type}${name !== null && html` ${name}`}${e.resourceId !== null && html`<br><code class="muted">${e.resourceId}</code>`}</td>
  <td>${logDetailCell(locale, e)}</td>
</tr>`;
}

function pager(locale: Locale, view: LogPageView): SafeHtml | null {
  if (!view.older && view.nextCursor === null) return null;
  const m = logMessages(locale);
  return html`<nav class="pager" aria-label="${m('pager')}">
  ${view.older && html`<a href="${withQuery(PORTAL_PATHS.log, logFilterParams(view.values))}">${m('newest')}</a>`}
  ${view.nextCursor !== null && html`<a rel="next" href="${withQuery(PORTAL_PATHS.log, logFilterParams(view.values, { cursor: view.nextCursor }))}">${m('older')}</a>`}
</nav>`;
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}
