import { html } from '../html.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import type { GenerateFields } from './generate-choice.ts';
import { expiryText } from './generate-form.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';
import { idpLabel, provisioningMessages } from './provisioning-messages.ts';

/**
 * The step between the two Generate presses: the question, what will be issued, and a
 * second Generate that posts the same choices with `confirm=yes`. Nothing is issued yet.
 */
export function renderConfirmGeneratePage(ctx: PortalContext, fields: GenerateFields): string {
  const m = provisioningMessages(ctx.locale);
  const idp = idpLabel(ctx.locale, fields.idp);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('provisioning'),
    active: 'provisioning',
    body: html`<section class="notice confirm" role="alert" aria-labelledby="confirm-question">
<p id="confirm-question"><strong>${m('confirmGenerate', { idp })}</strong></p>
<dl class="attrs">
  <dt>${m('idp')}</dt><dd>${idp}</dd>
  <dt>${m('tokenName')}</dt><dd>${fields.name === '' ? m('automaticName') : fields.name}</dd>
  <dt>${m('expiry')}</dt><dd>${expiryText(ctx, fields)}</dd>
</dl>
<form method="post" action="${PROVISIONING_PATHS.generate}" class="actions">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="idp" value="${fields.idp}">
  <input type="hidden" name="name" value="${fields.name}">
  <input type="hidden" name="expiry" value="${fields.expiry}">
  <input type="hidden" name="days" value="${fields.days}">
  <input type="hidden" name="confirm" value="yes">
  <button type="submit">${m('generate')}</button>
  <a class="button secondary" href="${PROVISIONING_PATHS.page}">${m('cancel')}</a>
</form>
</section>`,
  });
}
