import { canWrite } from '../../../admins/admin-role.ts';
import { MAX_APPLICATION_NAME } from '../../../applications/applications-service.ts';
import type { AppTokenView } from '../../../applications/app-token-view.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import { layoutMessages, renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { copyField } from '../provisioning/copy-field.ts';
import { applicationsMessages, type ApplicationsTranslate } from './applications-messages.ts';
import { APPLICATIONS_PATHS } from './applications-paths.ts';
import { tokenMenu } from '../token-menu.ts';

/** The Create form's fields as submitted, to fill the form again when it is refused. */
export interface CreateFields {
  readonly name: string;
  readonly events: boolean;
  readonly directory: boolean;
}

export const NO_CREATE_FIELDS: CreateFields = { name: '', events: true, directory: true };

/** What the Applications page shows. */
export interface ApplicationsPageData {
  readonly tokens: readonly AppTokenView[];
  readonly feedUrl: string;
  readonly fields: CreateFields;
  readonly notice?: PageOptions['notice'];
}

const title = (ctx: PortalContext): string => layoutMessages(ctx.locale)('applications');

/** Admin › Identity › Applications: the feed URL, the Create form (writers only), the tokens. */
export function renderApplicationsPage(ctx: PortalContext, data: ApplicationsPageData): string {
  const m = applicationsMessages(ctx.locale);
  const writer = canWrite(ctx.admin.role);
  return renderPage(ctx, {
    title: title(ctx),
    active: 'applications',
    notice: data.notice,
    body: html`<p>${m('intro')}</p>
${copyField(ctx, 'feed-url', m('feedUrl'), data.feedUrl, m('copyFeedUrl'))}
${writer ? createForm(ctx, m, data.fields) : html`<p class="notice readonly">${m('readOnly')}</p>`}
${tokensTable(ctx, m, data.tokens, writer)}`,
  });
}

function createForm(ctx: PortalContext, m: ApplicationsTranslate, fields: CreateFields): SafeHtml {
  const checked = (on: boolean): SafeHtml | string => (on ? html` checked` : '');
  return html`<section aria-labelledby="create-heading">
<h2 id="create-heading">${m('createHeading')}</h2>
<form method="post" action="${APPLICATIONS_PATHS.create}" class="filters">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <div>
    <label for="app-name">${m('name')}</label>
    <input type="text" id="app-name" name="name" required maxlength="${MAX_APPLICATION_NAME}" value="${fields.name}" aria-describedby="app-name-hint">
  </div>
  <fieldset>
    <legend>${m('scopes')}</legend>
    <label><input type="checkbox" name="scope_events" value="on"${checked(fields.events)}> ${m('scope_events')}</label><br>
    <label><input type="checkbox" name="scope_directory" value="on"${checked(fields.directory)}> ${m('scope_directory')}</label>
  </fieldset>
  <div><button type="submit">${m('create')}</button></div>
</form>
<p id="app-name-hint" class="muted">${m('nameHint')}</p>
</section>`;
}

function tokensTable(
  ctx: PortalContext,
  m: ApplicationsTranslate,
  tokens: readonly AppTokenView[],
  writer: boolean,
): SafeHtml {
  const body =
    tokens.length === 0
      ? html`<p class="muted">${m('empty')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr>
  <th scope="col">${m('colApplication')}</th><th scope="col">${m('colScopes')}</th><th scope="col">${m('colToken')}</th>
  <th scope="col">${m('colStatus')}</th><th scope="col">${m('colCreated')}</th><th scope="col">${m('colLastUsed')}</th>${writer && html`<th scope="col">${m('colActions')}</th>`}
</tr></thead>
<tbody>${tokens.map(
          (t) => html`<tr>
  <td>${t.application}</td>
  <td>${t.scopes.map((s, i) => html`${i > 0 ? html`<br>` : ''}<code>${s}</code>`)}</td>
  <td><code>…${t.hint}</code></td>
  <td><span class="status-${t.status}">${m(`status_${t.status}`)}</span></td>
  <td>${formatDateTime(ctx.locale, t.createdAt)}${t.renewedAt && html`<br><span class="muted">${m('renewedAt', { at: formatDateTime(ctx.locale, t.renewedAt) })}</span>`}</td>
  <td>${t.lastUsedAt ? formatDateTime(ctx.locale, t.lastUsedAt) : m('never')}</td>
  ${writer && html`<td>${selectMenu(ctx, m, t)}</td>`}
</tr>`,
        )}</tbody>
</table></div>`;
  return html`<section aria-labelledby="status-heading">
<h2 id="status-heading">${m('statusHeading')}</h2>
${body}
</section>`;
}

function selectMenu(ctx: PortalContext, m: ApplicationsTranslate, token: AppTokenView): SafeHtml {
  return tokenMenu(ctx, token.status, (action) => APPLICATIONS_PATHS.token(token.id, action), {
    selectFor: m('selectFor', { name: token.application, hint: token.hint }),
    select: m('select'),
    setActive: m('setActive'),
    setInactive: m('setInactive'),
    renew: m('renew'),
    delete: m('delete'),
  });
}

/** The only showing of a token's secret, sent straight from the POST with `no-store`. */
export function renderAppSecretPage(
  ctx: PortalContext,
  shown: { kind: 'created' | 'renewed'; token: AppTokenView; secret: string; feedUrl: string },
): string {
  const m = applicationsMessages(ctx.locale);
  const name = shown.token.application;
  return renderPage(ctx, {
    title: title(ctx),
    active: 'applications',
    body: html`<section aria-labelledby="secret-heading">
<h2 id="secret-heading">${shown.kind === 'created' ? m('createdHeading', { name }) : m('renewedHeading', { name })}</h2>
<p class="notice error" role="alert"><strong>${m('saveWarning')}</strong></p>
${shown.kind === 'renewed' && html`<p>${m('oldSecretStops')}</p>`}
<dl class="attrs">
  <dt>${m('colApplication')}</dt><dd>${name}</dd>
  <dt>${m('colScopes')}</dt><dd>${shown.token.scopes.join(', ')}</dd>
</dl>
${copyField(ctx, 'new-token', m('token'), shown.secret, m('copyToken'))}
${copyField(ctx, 'feed-url', m('feedUrl'), shown.feedUrl, m('copyFeedUrl'))}
<p class="actions"><a class="button secondary" href="${APPLICATIONS_PATHS.page}">${m('back')}</a></p>
</section>`,
  });
}

/** Asks before a token is deleted: Delete posts again with `confirm=yes`. */
export function renderConfirmAppDeletePage(ctx: PortalContext, token: AppTokenView, last: boolean): string {
  const m = applicationsMessages(ctx.locale);
  return renderPage(ctx, {
    title: title(ctx),
    active: 'applications',
    body: html`<section class="notice confirm" role="alert" aria-labelledby="confirm-question">
<p id="confirm-question"><strong>${m('confirmDelete', { name: token.application, hint: token.hint })}</strong></p>
${last && html`<p>${m('confirmDeleteLast')}</p>`}
<form method="post" action="${APPLICATIONS_PATHS.token(token.id, 'delete')}" class="actions">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="danger">${m('delete')}</button>
  <a class="button secondary" href="${APPLICATIONS_PATHS.page}">${m('cancel')}</a>
</form>
</section>`,
  });
}
