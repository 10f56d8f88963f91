import { html } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { copyField } from './copy-field.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';
import { idpLabel, provisioningMessages } from './provisioning-messages.ts';

/** A secret to show once: a token just generated, or one just renewed. */
export interface ShownSecret {
  readonly kind: 'generated' | 'renewed';
  readonly idpKind: string;
  readonly tokenName: string;
  readonly expiresAt: string | null;
  readonly secret: string;
  readonly scimUrl: string;
}

/**
 * The page that shows a token's secret, its only showing: the token's details, the secret
 * and the SCIM URL with Copy buttons, and the warning to save it now. Sent straight from
 * the POST with `Cache-Control: no-store`, never behind a redirect.
 */
export function renderSecretPage(ctx: PortalContext, shown: ShownSecret): string {
  const m = provisioningMessages(ctx.locale);
  const idp = idpLabel(ctx.locale, shown.idpKind);
  const heading =
    shown.kind === 'generated' ? m('generatedHeading', { idp }) : m('renewedHeading', { name: shown.tokenName, idp });
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('provisioning'),
    active: 'provisioning',
    body: html`<section aria-labelledby="secret-heading">
<h2 id="secret-heading">${heading}</h2>
<p class="notice error" role="alert"><strong>${m('saveWarning', { idp })}</strong></p>
${shown.kind === 'renewed' && html`<p>${m('oldSecretStops', { idp })}</p>`}
<dl class="attrs">
  <dt>${m('idp')}</dt><dd>${idp}</dd>
  <dt>${m('tokenName')}</dt><dd>${shown.tokenName}</dd>
  <dt>${m('expiry')}</dt><dd>${shown.expiresAt ? formatDateTime(ctx.locale, shown.expiresAt) : m('never')}</dd>
</dl>
${copyField(ctx, 'new-token', m('token'), shown.secret, m('copyToken'))}
${copyField(ctx, 'scim-url', m('scimUrl'), shown.scimUrl, m('copyScimUrl'))}
<p class="actions"><a class="button secondary" href="${PROVISIONING_PATHS.page}">${m('back')}</a></p>
</section>`,
  });
}
