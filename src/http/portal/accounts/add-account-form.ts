import { ADMIN_ROLES, type AdminRole } from '../../../admins/admin-role.ts';
import { PASSWORD_LENGTH } from '../../../admins/password.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { accountsMessages, roleLabel } from './accounts-messages.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';

/** What the Add form holds: after a refusal, what was typed (never the passwords). */
export interface AccountFields {
  readonly email: string;
  readonly role: AdminRole;
}

export const NEW_ACCOUNT: AccountFields = { email: '', role: 'admin' };

/** The Add form (owners only): email, role, the initial password twice. */
export function addAccountForm(ctx: PortalContext, fields: AccountFields): SafeHtml {
  const m = accountsMessages(ctx.locale);
  return html`<section aria-labelledby="add-heading">
<h2 id="add-heading">${m('addHeading')}</h2>
<form method="post" action="${ACCOUNTS_PATHS.page}" class="account-form">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <div>
    <label for="add-email">${m('email')}</label>
    <input type="email" id="add-email" name="email" value="${fields.email}" required maxlength="254" autocomplete="off" spellcheck="false">
  </div>
  <div>
    <label for="add-role">${m('role')}</label>
    <select id="add-role" name="role">${ADMIN_ROLES.map(
      (role) =>
        html`<option value="${role}"${role === fields.role ? html` selected` : ''}>${roleLabel(ctx.locale, role)}</option>`,
    )}</select>
  </div>
  <div>
    <label for="add-password">${m('initialPassword')}</label>
    <input type="password" id="add-password" name="password" required minlength="${PASSWORD_LENGTH.min}" maxlength="${PASSWORD_LENGTH.max}" autocomplete="new-password" aria-describedby="add-password-hint">
  </div>
  <div>
    <label for="add-password2">${m('repeatPassword')}</label>
    <input type="password" id="add-password2" name="password2" required minlength="${PASSWORD_LENGTH.min}" maxlength="${PASSWORD_LENGTH.max}" autocomplete="new-password">
  </div>
  <p id="add-password-hint" class="muted wide">${m('initialPasswordHint')}</p>
  <div class="wide"><button type="submit">${m('add')}</button></div>
</form>
</section>`;
}
