import type { AdminView } from '../../../admins/admin-view.ts';
import { html } from '../html.ts';
import { renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { accountsMessages, roleLabel } from './accounts-messages.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';

/** The confirmation step of a removal: whose account, what it means, the button that does it. */
export function renderRemoveAccountPage(ctx: PortalContext, account: AdminView): string {
  const m = accountsMessages(ctx.locale);
  const { email } = account;
  return renderPage(ctx, {
    title: m('removeTitle', { email }),
    active: 'accounts',
    body: html`<p class="notice error" role="alert">${m('removeQuestion', { email, role: roleLabel(ctx.locale, account.role) })}</p>
<p>${m('removeWarning')}</p>
<form method="post" action="${ACCOUNTS_PATHS.account(account.id, 'remove')}" class="actions">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="danger">${m('removeConfirm')}</button>
  <a href="${ACCOUNTS_PATHS.page}">${m('cancel')}</a>
</form>`,
  });
}
