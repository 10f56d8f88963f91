import { canWrite } from '../../../admins/admin-role.ts';
import { NO_ACTIVITY, type ConnectionActivity } from '../../../provisioning-log/connection-activity.ts';
import type { TokenView } from '../../../tokens/token-view.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime, formatNumber } from '../i18n.ts';
import type { PortalContext } from '../portal-context.ts';
import { tokenMenu } from '../token-menu.ts';
import { PROVISIONING_PATHS } from './provisioning-paths.ts';
import { idpLabel, provisioningMessages, type ProvisioningTranslate } from './provisioning-messages.ts';

/**
 * The Token Status table: one row per token (never its secret, only its last characters),
 * with its connection's requests and errors of the last 24 hours. Writers get a Select
 * menu per row; viewers only read.
 */
export function tokenStatusTable(
  ctx: PortalContext,
  tokens: readonly TokenView[],
  activity: ReadonlyMap<string, ConnectionActivity>,
): SafeHtml {
  const m = provisioningMessages(ctx.locale);
  const writer = canWrite(ctx.admin.role);
  const body =
    tokens.length === 0
      ? html`<p class="muted">${writer ? m('emptyWriter') : m('empty')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr>
  <th scope="col">${m('colIdp')}</th><th scope="col">${m('colToken')}</th><th scope="col">${m('colStatus')}</th>
  <th scope="col">${m('colCreated')}</th><th scope="col">${m('colExpires')}</th><th scope="col">${m('colLastUsed')}</th>
  <th scope="col">${m('colRequests')}</th><th scope="col">${m('colErrors')}</th>${writer && html`<th scope="col">${m('colActions')}</th>`}
</tr></thead>
<tbody>${tokens.map((token) => row(ctx, m, token, activity.get(token.id) ?? NO_ACTIVITY, writer))}</tbody>
</table></div>`;
  return html`<section aria-labelledby="status-heading">
<h2 id="status-heading">${m('statusHeading')}</h2>
${body}
</section>`;
}

function row(
  ctx: PortalContext,
  m: ProvisioningTranslate,
  token: TokenView,
  activity: ConnectionActivity,
  writer: boolean,
): SafeHtml {
  const idp = idpLabel(ctx.locale, token.idpKind);
  return html`<tr>
  <td>${idp}${token.connectionName !== token.idp && html`<br><span class="muted">${token.connectionName}</span>`}</td>
  <td>${token.name} <code>…${token.hint}</code></td>
  <td><span class="status-${token.status}">${m(`status_${token.status}`)}</span></td>
  <td>${formatDateTime(ctx.locale, token.createdAt)}${token.renewedAt && html`<br><span class="muted">${m('renewedAt', { at: formatDateTime(ctx.locale, token.renewedAt) })}</span>`}</td>
  <td>${token.expiresAt ? formatDateTime(ctx.locale, token.expiresAt) : m('never')}</td>
  <td>${token.lastUsedAt ? formatDateTime(ctx.locale, token.lastUsedAt) : m('neverUsed')}</td>
  <td>${formatNumber(ctx.locale, activity.requests24h)}</td>
  <td>${formatNumber(ctx.locale, activity.errors24h)}</td>
  ${writer && html`<td>${selectMenu(ctx, m, token)}</td>`}
</tr>`;
}

function selectMenu(ctx: PortalContext, m: ProvisioningTranslate, token: TokenView): SafeHtml {
  return tokenMenu(ctx, token.status, (action) => PROVISIONING_PATHS.token(token.id, action), {
    selectFor: m('selectFor', { name: token.name }),
    select: m('select'),
    setActive: m('setActive'),
    setInactive: m('setInactive'),
    renew: m('renew'),
    delete: m('delete'),
  });
}
