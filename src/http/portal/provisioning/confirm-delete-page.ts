import type { TokenView } from '../../../tokens/token-view.ts';
import { html } from '../html.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';
import { idpLabel, provisioningMessages } from './provisioning-messages.ts';

/** Asks, server-side, before a token is deleted: Delete posts again with `confirm=yes`; Cancel goes back. */
export function renderConfirmDeletePage(ctx: PortalContext, token: TokenView): string {
  const m = provisioningMessages(ctx.locale);
  const idp = idpLabel(ctx.locale, token.idpKind);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('provisioning'),
    active: 'provisioning',
    body: html`<section class="notice confirm" role="alert" aria-labelledby="confirm-question">
<p id="confirm-question"><strong>${m('confirmDelete', { name: token.name, hint: token.hint, idp })}</strong></p>
<form method="post" action="${PROVISIONING_PATHS.token(token.id, 'delete')}" class="actions">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="danger">${m('delete')}</button>
  <a class="button secondary" href="${PROVISIONING_PATHS.page}">${m('cancel')}</a>
</form>
</section>`,
  });
}
