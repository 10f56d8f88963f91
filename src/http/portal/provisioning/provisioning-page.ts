import { canWrite } from '../../../admins/admin-role.ts';
import type { ConnectionActivity } from '../../../provisioning-log/connection-activity.ts';
import type { TokenView } from '../../../tokens/token-view.ts';
import { html } from '../html.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { copyField } from './copy-field.ts';
import type { GenerateFields } from './generate-choice.ts';
import { generateForm } from './generate-form.ts';
import { provisioningMessages } from './provisioning-messages.ts';
import { tokenStatusTable } from './token-status-table.ts';

/** What the User Provisioning page shows. */
export interface ProvisioningPageData {
  readonly tokens: readonly TokenView[];
  /** Each token's activity, by token id. */
  readonly activity: ReadonlyMap<string, ConnectionActivity>;
  readonly scimUrl: string;
  /** The Generate form's values (the submitted ones when a post is refused). */
  readonly fields: GenerateFields;
  readonly notice?: PageOptions['notice'];
}

/** The User Provisioning page: the SCIM URL, the Generate form (writers only), the Token Status table. */
export function renderProvisioningPage(ctx: PortalContext, data: ProvisioningPageData): string {
  const m = provisioningMessages(ctx.locale);
  const writer = canWrite(ctx.admin.role);
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('provisioning'),
    active: 'provisioning',
    notice: data.notice,
    body: html`<p>${m('intro')}</p>
${copyField(ctx, 'scim-url', m('scimUrl'), data.scimUrl, m('copyScimUrl'))}
${writer ? generateForm(ctx, data.fields) : html`<p class="notice readonly">${m('readOnly')}</p>`}
${tokenStatusTable(ctx, data.tokens, data.activity)}`,
  });
}
