import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { provisioningMessages } from './provisioning-messages.ts';

/**
 * A labelled read-only field with a Copy button (portal.js copies the field's value).
 *
 * @example copyField(ctx, 'new-token', 'Token', secret, 'Copy token')
 */
export function copyField(ctx: PortalContext, id: string, label: string, value: string, copyLabel: string): SafeHtml {
  const m = provisioningMessages(ctx.locale);
  return html`<label for="${id}">${label}</label>
<div class="copy-field">
  <input type="text" id="${id}" class="secret" value="${value}" readonly autocomplete="off" spellcheck="false">
  <button type="button" class="secondary" data-copy="${id}" data-copied="${m('copied')}" aria-label="${copyLabel}">${m('copy')}</button>
</div>`;
}
