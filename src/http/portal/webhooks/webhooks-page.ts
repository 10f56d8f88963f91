import { canWrite } from '../../../admins/admin-role.ts';
import { EVENT_TYPES } from '../../../events/event-types.ts';
import type { WebhookEndpoint } from '../../../webhooks/webhook-endpoint.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime, formatNumber } from '../i18n.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../../../webhooks/webhook-format.ts';
import { endpointEvents, endpointFormat, endpointStatus } from './endpoint-status.ts';
import { webhooksMessages, type WebhooksTranslate } from './webhooks-messages.ts';
import { WEBHOOKS_PATHS } from './webhooks-paths.ts';

/** The Add form's values: what was submitted when a post is refused. */
export interface EndpointFields {
  readonly url: string;
  readonly description: string;
  /** Empty: all events. */
  readonly eventTypes: readonly string[];
  /** As posted: the service checks it. */
  readonly format: string;
}

export const NEW_ENDPOINT: EndpointFields = { url: '', description: '', eventTypes: [], format: 'roster' };

/** The Webhooks page (Admin › Webhooks): the Add form (writers only) and the endpoints. */
export function renderWebhooksPage(
  ctx: PortalContext,
  data: { endpoints: readonly WebhookEndpoint[]; fields: EndpointFields; notice?: PageOptions['notice'] },
): string {
  const m = webhooksMessages(ctx.locale);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('webhooks'),
    active: 'webhooks',
    notice: data.notice,
    body: html`<p>${m('intro')}</p>
${canWrite(ctx.admin.role) ? addForm(ctx, m, data.fields) : html`<p class="notice readonly">${m('readOnly')}</p>`}
${endpointsTable(ctx, m, data.endpoints)}`,
  });
}

function addForm(ctx: PortalContext, m: WebhooksTranslate, fields: EndpointFields): SafeHtml {
  const some = fields.eventTypes.length > 0;
  return html`<section aria-labelledby="add-heading">
<h2 id="add-heading">${m('addHeading')}</h2>
<form method="post" action="${WEBHOOKS_PATHS.page}">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <label for="hook-url">${m('url')}</label>
  <input type="url" id="hook-url" name="url" required maxlength="2000" value="${fields.url}" aria-describedby="hook-url-hint" placeholder="https://app.example.com/roster/webhooks">
  <p id="hook-url-hint" class="muted">${m('urlHint')}</p>
  <label for="hook-description">${m('description')}</label>
  <input type="text" id="hook-description" name="description" maxlength="500" value="${fields.description}">
  <fieldset>
    <legend>${m('events')}</legend>
    <label><input type="radio" name="events" value="all"${some ? '' : html` checked`}> ${m('allEvents')}</label>
    <label><input type="radio" name="events" value="some"${some ? html` checked` : ''}> ${m('someEvents')}</label>
    <div class="event-types">${EVENT_TYPES.map(
      (type) =>
        html`<label><input type="checkbox" name="type:${type}" value="on"${fields.eventTypes.includes(type) ? html` checked` : ''}> <code>${type}</code></label>`,
    )}</div>
  </fieldset>
  <fieldset>
    <legend>${m('format')}</legend>
    ${WEBHOOK_FORMATS.map(
      (format: WebhookFormat) =>
        html`<label><input type="radio" name="format" value="${format}"${fields.format === format ? html` checked` : ''}> ${m(`format_${format}`)}</label>`,
    )}
    <p class="muted">${m('formatHint')}</p>
  </fieldset>
  <p><button type="submit">${m('add')}</button></p>
</form>
</section>`;
}

function endpointsTable(ctx: PortalContext, m: WebhooksTranslate, endpoints: readonly WebhookEndpoint[]): SafeHtml {
  const body =
    endpoints.length === 0
      ? html`<p class="muted">${m('empty')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr>
  <th scope="col">${m('colUrl')}</th><th scope="col">${m('colEvents')}</th><th scope="col">${m('colFormat')}</th><th scope="col">${m('colStatus')}</th>
  <th scope="col">${m('colPending')}</th><th scope="col">${m('colLast')}</th><th scope="col">${m('colNext')}</th>
</tr></thead>
<tbody>${endpoints.map(
          (e) => html`<tr>
  <td><a href="${WEBHOOKS_PATHS.endpoint(e.id)}">${e.url}</a>${e.description && html`<br><span class="muted">${e.description}</span>`}</td>
  <td>${endpointEvents(m, e)}</td>
  <td>${endpointFormat(m, e)}</td>
  <td>${endpointStatus(ctx.locale, m, e)}</td>
  <td>${formatNumber(ctx.locale, e.pending)}</td>
  <td>${e.lastDeliveredAt ? formatDateTime(ctx.locale, e.lastDeliveredAt) : m('never')}</td>
  <td>${e.nextAttemptAt ? formatDateTime(ctx.locale, e.nextAttemptAt) : m('never')}</td>
</tr>`,
        )}</tbody>
</table></div>`;
  return html`<section aria-labelledby="list-heading">
<h2 id="list-heading">${m('listHeading')}</h2>
${body}
</section>`;
}
