import { ADMIN_ROLES } from '../../../admins/admin-role.ts';
import type { AdminView } from '../../../admins/admin-view.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import type { PortalContext } from '../portal-context.ts';
import { accountsMessages, roleLabel, type AccountsTranslate } from './accounts-messages.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';

/**
 * The tenant's accounts: email, role, created, last sign-in. An owner gets a Select menu
 * per row (the other roles, and Remove, which asks to confirm on its own page); the menu of
 * the owner's own row has no Remove, since nobody removes their own account.
 */
export function accountsTable(ctx: PortalContext, accounts: readonly AdminView[]): SafeHtml {
  const m = accountsMessages(ctx.locale);
  const owner = ctx.admin.role === 'owner';
  return html`<section aria-labelledby="accounts-heading">
<h2 id="accounts-heading">${m('heading')}</h2>
<div class="table-wrap"><table class="accounts-table">
<thead><tr>
  <th scope="col">${m('email')}</th><th scope="col">${m('role')}</th><th scope="col">${m('created')}</th>
  <th scope="col">${m('lastSignIn')}</th>${owner && html`<th scope="col">${m('actions')}</th>`}
</tr></thead>
<tbody>${accounts.map((account) => row(ctx, m, account, owner))}</tbody>
</table></div>
</section>`;
}

function row(ctx: PortalContext, m: AccountsTranslate, account: AdminView, owner: boolean): SafeHtml {
  const self = account.id === ctx.admin.id;
  return html`<tr>
  <th scope="row">${account.email}${self && html` <span class="muted">${m('you')}</span>`}</th>
  <td>${roleLabel(ctx.locale, account.role)}</td>
  <td>${formatDateTime(ctx.locale, account.createdAt)}</td>
  <td>${account.lastSignInAt ? formatDateTime(ctx.locale, account.lastSignInAt) : m('never')}</td>
  ${owner && html`<td>${selectMenu(ctx, m, account, self)}</td>`}
</tr>`;
}

function selectMenu(ctx: PortalContext, m: AccountsTranslate, account: AdminView, self: boolean): SafeHtml {
  const csrf = html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
  const roles = ADMIN_ROLES.filter((role) => role !== account.role).map(
    (role) => html`<form method="post" action="${ACCOUNTS_PATHS.account(account.id, 'role')}">
  ${csrf}<input type="hidden" name="role" value="${role}">
  <button type="submit">${m(`make_${role}`)}</button>
</form>`,
  );
  const remove = html`<form method="post" action="${ACCOUNTS_PATHS.account(account.id, 'remove')}">
  ${csrf}<button type="submit">${m('remove')}</button>
</form>`;
  return html`<details class="menu">
<summary aria-label="${m('selectFor', { email: account.email })}">${m('select')}</summary>
<div>
  ${roles}
  ${!self && remove}
</div>
</details>`;
}
