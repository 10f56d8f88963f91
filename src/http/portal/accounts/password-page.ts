import { PASSWORD_LENGTH } from '../../../admins/password.ts';
import { html } from '../html.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { accountsMessages } from './accounts-messages.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';

/** Change password: for every role, about the signed-in account only. Fields are never refilled. */
export function renderPasswordPage(ctx: PortalContext, notice?: PageOptions['notice']): string {
  const m = accountsMessages(ctx.locale);
  const length = html`minlength="${PASSWORD_LENGTH.min}" maxlength="${PASSWORD_LENGTH.max}"`;
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('changePassword'),
    notice,
    body: html`<p>${m('passwordIntro', { email: ctx.admin.email })}</p>
<form method="post" action="${ACCOUNTS_PATHS.password}" class="account-form">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="text" name="username" value="${ctx.admin.email}" autocomplete="username" hidden>
  <div class="wide">
    <label for="current-password">${m('currentPassword')}</label>
    <input type="password" id="current-password" name="current" required maxlength="${PASSWORD_LENGTH.max}" autocomplete="current-password">
  </div>
  <div>
    <label for="new-password">${m('newPassword')}</label>
    <input type="password" id="new-password" name="password" required ${length} autocomplete="new-password" aria-describedby="new-password-hint">
  </div>
  <div>
    <label for="new-password2">${m('repeatNewPassword')}</label>
    <input type="password" id="new-password2" name="password2" required ${length} autocomplete="new-password">
  </div>
  <p id="new-password-hint" class="muted wide">${m('newPasswordHint')}</p>
  <div class="wide"><button type="submit">${m('changePassword')}</button></div>
</form>`,
  });
}
