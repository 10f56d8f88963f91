import { canWrite } from '../../../admins/admin-role.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../../webhooks/webhook-endpoint.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime, formatNumber } from '../i18n.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { copyField } from '../provisioning/copy-field.ts';
import { endpointEvents, endpointFormat, endpointStatus } from './endpoint-status.ts';
import { webhooksMessages, type WebhooksTranslate } from './webhooks-messages.ts';
import { WEBHOOKS_PATHS, type EndpointAction } from './webhooks-paths.ts';

/** One endpoint's page: its details, its actions (writers only), the replay form and the delivery log. */
export function renderEndpointPage(
  ctx: PortalContext,
  data: { endpoint: WebhookEndpoint; deliveries: readonly WebhookDelivery[]; notice?: PageOptions['notice'] },
): string {
  const m = webhooksMessages(ctx.locale);
  const e = data.endpoint;
  const writer = canWrite(ctx.admin.role);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('webhooks'),
    active: 'webhooks',
    notice: data.notice,
    body: html`<section aria-labelledby="details-heading">
<h2 id="details-heading">${e.url}</h2>
<dl class="attrs">
  <dt>${m('description')}</dt><dd>${e.description || m('never')}</dd>
  <dt>${m('events')}</dt><dd>${endpointEvents(m, e)}</dd>
  <dt>${m('format')}</dt><dd>${endpointFormat(m, e)}</dd>
  <dt>${m('colStatus')}</dt><dd>${endpointStatus(ctx.locale, m, e)}</dd>
  <dt>${m('cursor')}</dt><dd>${m('cursorValue', { seq: formatNumber(ctx.locale, e.cursor), pending: formatNumber(ctx.locale, e.pending) })}</dd>
  <dt>${m('colNext')}</dt><dd>${e.nextAttemptAt ? formatDateTime(ctx.locale, e.nextAttemptAt) : m('never')}</dd>
  <dt>${m('secretHint')}</dt><dd><code>…${e.secretHint}</code>${e.previousSecretUntil && html` (${m('rotating', { until: formatDateTime(ctx.locale, e.previousSecretUntil) })})`}</dd>
  <dt>${m('created')}</dt><dd>${formatDateTime(ctx.locale, e.createdAt)}</dd>
</dl>
</section>
${writer && actions(ctx, m, e)}
${writer && replayForm(ctx, m, e)}
${deliveryLog(ctx, m, data.deliveries)}
<p class="actions"><a class="button secondary" href="${WEBHOOKS_PATHS.page}">${m('back')}</a></p>`,
  });
}

/** A one-button form posting to an action. */
const button = (
  ctx: PortalContext,
  id: string,
  action: EndpointAction,
  label: string,
  extra: SafeHtml | string = '',
  kind = 'secondary',
): SafeHtml => html`<form method="post" action="${WEBHOOKS_PATHS.action(id, action)}" class="inline">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">${extra}
  <button type="submit" class="${kind}">${label}</button>
</form>`;

function actions(ctx: PortalContext, m: WebhooksTranslate, e: WebhookEndpoint): SafeHtml {
  const enable =
    e.status === 'disabled'
      ? html`${button(ctx, e.id, 'enable', m('enableResume', { seq: formatNumber(ctx.locale, e.cursor + 1) }), html`<input type="hidden" name="mode" value="resume">`, '')}
${button(ctx, e.id, 'enable', m('enableSkip'), html`<input type="hidden" name="mode" value="skip">`)}`
      : button(ctx, e.id, 'disable', m('disable'));
  return html`<section aria-labelledby="actions-heading">
<h2 id="actions-heading">${m('actions')}</h2>
<div class="actions">
${enable}
${button(ctx, e.id, 'test', m('test'))}
${button(ctx, e.id, 'rotate', m('rotate'))}
${button(ctx, e.id, 'remove', m('remove'), '', 'danger')}
</div>
</section>`;
}

function replayForm(ctx: PortalContext, m: WebhooksTranslate, e: WebhookEndpoint): SafeHtml {
  return html`<section aria-labelledby="replay-heading">
<h2 id="replay-heading">${m('replayHeading')}</h2>
<p>${m('replayIntro')}</p>
<form method="post" action="${WEBHOOKS_PATHS.action(e.id, 'replay')}" class="filters">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <div><label for="replay-seq">${m('fromSeq')}</label>
  <input type="number" id="replay-seq" name="fromSeq" min="1" step="1"></div>
  <div><label for="replay-since">${m('since')}</label>
  <input type="text" id="replay-since" name="since" placeholder="2026-01-02T10:00:00Z" spellcheck="false"></div>
  <div><button type="submit">${m('replay')}</button></div>
</form>
</section>`;
}

function deliveryLog(ctx: PortalContext, m: WebhooksTranslate, deliveries: readonly WebhookDelivery[]): SafeHtml {
  const body =
    deliveries.length === 0
      ? html`<p class="muted">${m('logEmpty')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr>
  <th scope="col">${m('colAt')}</th><th scope="col">${m('colEvent')}</th><th scope="col">${m('colOutcome')}</th>
  <th scope="col">${m('colAttempt')}</th><th scope="col">${m('colResponse')}</th><th scope="col">${m('colLatency')}</th>
  <th scope="col">${m('colNext')}</th><th scope="col">${m('colError')}</th>
</tr></thead>
<tbody>${deliveries.map(
          (d) => html`<tr>
  <td>${formatDateTime(ctx.locale, d.at)}</td>
  <td>${d.outcome === 'test' ? html`<code>${d.eventType}</code>` : html`seq ${formatNumber(ctx.locale, d.seq)} · <code>${d.eventType}</code>`}</td>
  <td><span class="${d.outcome === 'delivered' || (d.outcome === 'test' && d.responseStatus !== null && d.responseStatus < 300) ? 'status-active' : 'log-status-error'}">${m(`outcome_${d.outcome}`)}</span></td>
  <td>${formatNumber(ctx.locale, d.attempt)}</td>
  <td>${d.responseStatus ?? m('never')}</td>
  <td>${m('ms', { ms: formatNumber(ctx.locale, d.latencyMs) })}</td>
  <td>${d.nextAttemptAt ? formatDateTime(ctx.locale, d.nextAttemptAt) : m('never')}</td>
  <td>${d.error ?? ''}</td>
</tr>`,
        )}</tbody>
</table></div>`;
  return html`<section aria-labelledby="log-heading">
<h2 id="log-heading">${m('logHeading')}</h2>
${body}
</section>`;
}

/** Asks before an endpoint is removed: Remove posts again with `confirm=yes`. */
export function renderConfirmRemovePage(ctx: PortalContext, e: WebhookEndpoint): string {
  const m = webhooksMessages(ctx.locale);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('webhooks'),
    active: 'webhooks',
    body: html`<section class="notice confirm" role="alert" aria-labelledby="confirm-question">
<p id="confirm-question"><strong>${m('confirmRemove', { url: e.url })}</strong></p>
<form method="post" action="${WEBHOOKS_PATHS.action(e.id, 'remove')}" class="actions">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="danger">${m('remove')}</button>
  <a class="button secondary" href="${WEBHOOKS_PATHS.endpoint(e.id)}">${m('cancel')}</a>
</form>
</section>`,
  });
}

/** The signing secret's only showing, after Add or Rotate; sent straight from the POST, never cached. */
export function renderWebhookSecretPage(ctx: PortalContext, e: WebhookEndpoint, secret: string): string {
  const m = webhooksMessages(ctx.locale);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('webhooks'),
    active: 'webhooks',
    body: html`<section aria-labelledby="secret-heading">
<h2 id="secret-heading">${m('secretHeading', { url: e.url })}</h2>
<p class="notice error" role="alert"><strong>${m('saveWarning')}</strong></p>
${e.previousSecretUntil && html`<p>${m('rotatedNote', { until: formatDateTime(ctx.locale, e.previousSecretUntil) })}</p>`}
${copyField(ctx, 'webhook-secret', m('secret'), secret, m('copySecret'))}
<p class="actions"><a class="button secondary" href="${WEBHOOKS_PATHS.endpoint(e.id)}">${m('toEndpoint')}</a></p>
</section>`,
  });
}
