import {
  USER_SEARCH_FIELDS,
  type DirectoryPage,
  type UserSearchField,
  type UserSummary,
} from '../../../provisioning/directory-service.ts';
import { html } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { directoryMessages } from './directory-messages.ts';
import { DIRECTORY_PATHS, withQuery } from './directory-paths.ts';
import { pager, searchForm, type SearchValues } from './directory-search.ts';
import { directoryTabs } from './directory-tabs.ts';

/** The Directory's users list: search, one page of users, the paging links. */
export function renderUsersPage(
  ctx: PortalContext,
  search: SearchValues<UserSearchField>,
  page: DirectoryPage<UserSummary>,
  paged: boolean,
): string {
  const m = directoryMessages(ctx.locale);
  const sortField = search.text === '' ? 'userName' : search.field;
  const query = { q: search.text, by: search.text === '' ? undefined : search.field };
  const empty = search.text === '' ? m('noUsers') : m('noMatch', { text: search.text, field: search.field });
  const table =
    page.items.length === 0
      ? html`<p class="muted">${empty}</p>`
      : html`<p class="muted">${m('sortedBy', { field: sortField })}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${m('colUserName')}</th><th scope="col">${m('colDisplayName')}</th><th scope="col">${m('colExternalId')}</th><th scope="col">${m('colActive')}</th><th scope="col">${m('colUpdated')}</th></tr></thead>
<tbody>${page.items.map(
          (u) => html`<tr>
  <td><a href="${DIRECTORY_PATHS.user(u.id)}">${u.userName}</a></td>
  <td>${u.displayName ?? ''}</td>
  <td>${u.externalId ?? ''}</td>
  <td>${u.active ? m('active') : html`<span class="status-inactive">${m('inactive')}</span>`}</td>
  <td><time datetime="${u.updatedAt}">${formatDateTime(ctx.locale, u.updatedAt)}</time></td>
</tr>`,
        )}</tbody>
</table></div>`;
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('directory'),
    active: 'directory',
    body: html`${directoryTabs(ctx, 'users')}
<h2>${m('users')}</h2>
<p>${m('usersIntro')}</p>
${searchForm(ctx, DIRECTORY_PATHS.users, USER_SEARCH_FIELDS, search, m('searchHint'))}
${table}
${pager(ctx, {
  first: paged ? withQuery(DIRECTORY_PATHS.users, query) : undefined,
  next: page.nextCursor === null ? undefined : withQuery(DIRECTORY_PATHS.users, { ...query, after: page.nextCursor }),
})}`,
  });
}
