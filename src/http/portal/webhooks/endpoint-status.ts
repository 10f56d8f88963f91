import type { WebhookEndpoint } from '../../../webhooks/webhook-endpoint.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatNumber, type Locale } from '../i18n.ts';
import type { WebhooksTranslate } from './webhooks-messages.ts';

/** An endpoint's state as a badge: enabled, retrying, or disabled and why. */
export function endpointStatus(locale: Locale, m: WebhooksTranslate, e: WebhookEndpoint): SafeHtml {
  if (e.status === 'disabled') {
    return html`<span class="status-inactive">${m(`disabled_${e.disabledReason ?? 'manual'}`)}</span>`;
  }
  if (e.attempts > 0)
    return html`<span class="status-expired">${m('retrying', { count: formatNumber(locale, e.attempts) })}</span>`;
  return html`<span class="status-active">${m('enabled')}</span>`;
}

/** What an endpoint receives, as text. */
export const endpointFormat = (m: WebhooksTranslate, e: WebhookEndpoint): string => m(`format_${e.format}`);

/** The event types an endpoint receives, as text. */
export const endpointEvents = (m: WebhooksTranslate, e: WebhookEndpoint): string =>
  e.eventTypes === null ? m('allEvents') : e.eventTypes.join(', ');
