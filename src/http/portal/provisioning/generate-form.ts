import { IDP_KINDS } from '../../../tokens/idp-kinds.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { EXPIRY_CHOICES, MAX_DAYS, MAX_NAME, type ExpiryChoice, type GenerateFields } from './generate-choice.ts';
import { idpLabel, provisioningMessages } from './provisioning-messages.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';

const EXPIRY_LABELS = {
  never: 'expiryNever',
  '30': 'expiry30',
  '90': 'expiry90',
  '365': 'expiry365',
  custom: 'expiryCustom',
} as const satisfies Record<ExpiryChoice, string>;

/**
 * The Generate form: an IdP, an optional name and lifetime. Its post only asks to
 * confirm; nothing is issued before the second Generate.
 */
export function generateForm(ctx: PortalContext, fields: GenerateFields): SafeHtml {
  const m = provisioningMessages(ctx.locale);
  return html`<section aria-labelledby="generate-heading">
<h2 id="generate-heading">${m('generateHeading')}</h2>
<form method="post" action="${PROVISIONING_PATHS.generate}" class="filters">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <div>
    <label for="gen-idp">${m('idp')}</label>
    <select id="gen-idp" name="idp" required>
      <option value="">${m('idpChoose')}</option>
      ${Object.keys(IDP_KINDS).map((kind) => html`<option value="${kind}"${kind === fields.idp ? html` selected` : ''}>${idpLabel(ctx.locale, kind)}</option>`)}
    </select>
  </div>
  <div>
    <label for="gen-name">${m('name')}</label>
    <input type="text" id="gen-name" name="name" maxlength="${MAX_NAME}" value="${fields.name}" aria-describedby="gen-name-hint">
  </div>
  <div>
    <label for="gen-expiry">${m('expiry')}</label>
    <select id="gen-expiry" name="expiry">
      ${EXPIRY_CHOICES.map(
        (choice) =>
          html`<option value="${choice}"${choice === fields.expiry ? html` selected` : ''}>${m(EXPIRY_LABELS[choice])}</option>`,
      )}
    </select>
  </div>
  <div>
    <label for="gen-days">${m('days')}</label>
    <input type="number" id="gen-days" name="days" min="1" max="${MAX_DAYS}" step="1" value="${fields.days}">
  </div>
  <div><button type="submit">${m('generate')}</button></div>
</form>
<p id="gen-name-hint" class="muted">${m('nameHint')}</p>
</section>`;
}

/** How the chosen lifetime reads in a summary. */
export function expiryText(ctx: PortalContext, fields: GenerateFields): string {
  const m = provisioningMessages(ctx.locale);
  return fields.expiry === 'custom' ? m('inDays', { days: fields.days }) : m(EXPIRY_LABELS[fields.expiry]);
}
