import type { AdminView } from '../../../admins/admin-view.ts';
import { html } from '../html.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { accountsMessages } from './accounts-messages.ts';
import { accountsTable } from './accounts-table.ts';
import { addAccountForm, type AccountFields } from './add-account-form.ts';

/** What the Accounts page shows. */
export interface AccountsPageData {
  readonly accounts: readonly AdminView[];
  /** The Add form's values (the submitted ones when they were refused). */
  readonly fields: AccountFields;
  readonly notice?: PageOptions['notice'];
}

/** Accounts (Admin): who may sign in; an owner adds accounts, changes roles, removes them. */
export function renderAccountsPage(ctx: PortalContext, data: AccountsPageData): string {
  const m = accountsMessages(ctx.locale);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('accounts'),
    active: 'accounts',
    notice: data.notice,
    body: html`<p>${m('intro')}</p>
${accountsTable(ctx, data.accounts)}
${ctx.admin.role === 'owner' ? addAccountForm(ctx, data.fields) : html`<p class="notice readonly">${m('ownerOnly')}</p>`}`,
  });
}
