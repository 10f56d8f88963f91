import type { LogPage } from '../../../provisioning-log/log-query.ts';
import { idpName } from '../../../tokens/token-view.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import type { PortalContext } from '../portal-context.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { directoryMessages } from './directory-messages.ts';
import { withQuery } from './directory-paths.ts';

/**
 * The provisioning log entries that name a resource, newest first, one page at a time
 * (`?log=<cursor>` on the resource's page), and a link to the whole log searched for it.
 */
export function resourceLogSection(
  ctx: PortalContext,
  resourceId: string,
  log: LogPage,
  pagePath: string,
  paged: boolean,
): SafeHtml {
  const m = directoryMessages(ctx.locale);
  const table =
    log.entries.length === 0
      ? html`<p class="muted">${m('noLog')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${m('logTime')}</th><th scope="col">${m('logIdp')}</th><th scope="col">${m('logRequest')}</th><th scope="col">${m('logStatus')}</th><th scope="col">${m('logDetail')}</th></tr></thead>
<tbody>${log.entries.map(
          (e) => html`<tr>
  <td><time datetime="${e.at}">${formatDateTime(ctx.locale, e.at)}</time></td>
  <td>${idpName(e.idpKind)}</td>
  <td><code>${e.method}</code> <code>${e.path}</code></td>
  <td>${e.status >= 400 ? html`<span class="status-inactive">${e.status}</span>` : e.status}${e.scimType !== null && html` <code>${e.scimType}</code>`}</td>
  <td>${e.detail ?? ''}${e.ignored.length > 0 && html`${e.detail !== null && html`<br>`}<span class="muted">${m('ignored', { names: e.ignored.join('; ') })}</span>`}</td>
</tr>`,
        )}</tbody>
</table></div>`;
  return html`<section aria-labelledby="log-heading">
<h2 id="log-heading">${m('logHeading')}</h2>
<p>${m('logIntro')} <a href="${withQuery(PORTAL_PATHS.log, { text: resourceId })}">${m('openLog')}</a></p>
${table}
${
  (paged || log.nextCursor !== null) &&
  html`<nav class="pager" aria-label="${m('logHeading')}">
  ${paged && html`<a href="${pagePath}#log-heading">${m('newestLog')}</a>`}
  ${log.nextCursor !== null && html`<a href="${withQuery(pagePath, { log: log.nextCursor })}#log-heading">${m('olderLog')}</a>`}
</nav>`
}
</section>`;
}
