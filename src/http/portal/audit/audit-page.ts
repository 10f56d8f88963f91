import type { AuditEvent } from '../../../audit/audit-event.ts';
import { AUDIT_EVENT_TYPES } from '../../../audit/audit-event-type.ts';
import { IDP_KINDS } from '../../../tokens/idp-kinds.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { actorText } from './audit-actor.ts';
import { auditDetails } from './audit-details.ts';
import { auditEventLabel } from './audit-event-labels.ts';
import { auditFilterParams, type AuditFilterValues } from './audit-filters.ts';
import { auditMessages } from './audit-messages.ts';

/** What the Audit History page shows. */
export interface AuditPageView {
  readonly values: AuditFilterValues;
  /** Null when the filters could not be used: the form and the notice only. */
  readonly events: readonly AuditEvent[] | null;
  readonly nextCursor: string | null;
  /** Whether this is an older page (so a link back to the newest one is offered). */
  readonly older: boolean;
  /** Why the filters could not be used. */
  readonly error?: string;
}

/**
 * The Audit History page: the filter form, the CSV link carrying the filters, the events
 * table (time, event, actor, details) and the Newest/Older links.
 */
export function renderAuditPage(ctx: PortalContext, view: AuditPageView): string {
  const m = auditMessages(ctx.locale);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('audit'),
    active: 'audit',
    notice: view.error !== undefined ? { kind: 'error', text: view.error } : undefined,
    body: html`
${filterForm(ctx, view.values)}
<p><a class="button secondary" href="${withQuery(PORTAL_PATHS.auditCsv, auditFilterParams(view.values))}">${m('downloadCsv')}</a></p>
${view.events && eventsTable(ctx, view.events)}
${view.events && pager(ctx, view)}`,
  });
}

function filterForm(ctx: PortalContext, v: AuditFilterValues): SafeHtml {
  const m = auditMessages(ctx.locale);
  const option = (value: string, label: string, current: string) =>
    html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${PORTAL_PATHS.audit}" class="filters" role="search" aria-label="${m('filters')}">
  <div><label for="audit-from">${m('from')}</label><input type="date" id="audit-from" name="from" value="${v.from}"></div>
  <div><label for="audit-to">${m('to')}</label><input type="date" id="audit-to" name="to" value="${v.to}"></div>
  <div><label for="audit-type">${m('type')}</label><select id="audit-type" name="type">
    ${option('', m('all'), v.type)}${AUDIT_EVENT_TYPES.map((type) => option(type, auditEventLabel(ctx.locale, type), v.type))}
  </select></div>
  <div><label for="audit-idp">${m('idp')}</label><select id="audit-idp" name="idp">
    ${option('', m('all'), v.idp)}${Object.entries(IDP_KINDS).map(([kind, name]) => option(kind, name, v.idp))}
  </select></div>
  <div><label for="audit-actor">${m('actor')}</label><input type="text" id="audit-actor" name="actor" value="${v.actor}" aria-describedby="audit-actor-hint">
    <small id="audit-actor-hint" class="muted">${m('actorHint')}</small></div>
  <div><button type="submit">${m('apply')}</button> <a href="${PORTAL_PATHS.audit}">${m('reset')}</a></div>
</form>`;
}

function eventsTable(ctx: PortalContext, events: readonly AuditEvent[]): SafeHtml {
  const m = auditMessages(ctx.locale);
  if (events.length === 0) return html`<p class="muted">${m('none')}</p>`;
  return html`<div class="table-wrap"><table class="audit-table" aria-label="${m('events')}">
<thead><tr><th scope="col">${m('time')}</th><th scope="col">${m('event')}</th><th scope="col">${m('actor')}</th><th scope="col">${m('details')}</th></tr></thead>
<tbody>${events.map(
    (e) => html`
<tr><td><time datetime="${e.at}">${formatDateTime(ctx.locale, e.at)}</time></td><td>${auditEventLabel(ctx.locale, e.type)}</td><td>${actorText(ctx.locale, e.actor)}</td><td>${auditDetails(ctx.locale, e)}${e.requestId !== null && html`<small class="muted audit-request-id">${m('requestId')} <code>${e.requestId}</code></small>`}</td></tr>`,
  )}</tbody>
</table></div>`;
}

function pager(ctx: PortalContext, view: AuditPageView): SafeHtml | null {
  if (!view.older && view.nextCursor === null) return null;
  const m = auditMessages(ctx.locale);
  return html`<nav class="pager" aria-label="${m('pager')}">
  ${view.older && html`<a href="${withQuery(PORTAL_PATHS.audit, auditFilterParams(view.values))}">${m('newest')}</a>`}
  ${view.nextCursor !== null && html`<a rel="next" href="${withQuery(PORTAL_PATHS.audit, auditFilterParams(view.values, { cursor: view.nextCursor }))}">${m('older')}</a>`}
</nav>`;
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}
