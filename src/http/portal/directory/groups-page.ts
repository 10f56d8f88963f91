import {
  GROUP_SEARCH_FIELDS,
  type DirectoryPage,
  type GroupSearchField,
  type GroupSummary,
} from '../../../provisioning/directory-service.ts';
import { html } from '../html.ts';
import { formatDateTime, formatNumber } from '../i18n.ts';
import { layoutMessages, renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { directoryMessages } from './directory-messages.ts';
import { DIRECTORY_PATHS, withQuery } from './directory-paths.ts';
import { pager, searchForm, type SearchValues } from './directory-search.ts';
import { directoryTabs } from './directory-tabs.ts';

/** The Directory's groups list: search, one page of groups with member counts, the paging links. */
export function renderGroupsPage(
  ctx: PortalContext,
  search: SearchValues<GroupSearchField>,
  page: DirectoryPage<GroupSummary>,
  paged: boolean,
): string {
  const m = directoryMessages(ctx.locale);
  const sortField = search.text === '' ? 'displayName' : search.field;
  const query = { q: search.text, by: search.text === '' ? undefined : search.field };
  const empty = search.text === '' ? m('noGroups') : m('noMatch', { text: search.text, field: search.field });
  const table =
    page.items.length === 0
      ? html`<p class="muted">${empty}</p>`
      : html`<p class="muted">${m('sortedBy', { field: sortField })}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${m('colDisplayName')}</th><th scope="col">${m('colExternalId')}</th><th scope="col">${m('colMembers')}</th><th scope="col">${m('colUpdated')}</th></tr></thead>
<tbody>${page.items.map(
          (g) => html`<tr>
  <td><a href="${DIRECTORY_PATHS.group(g.id)}">${g.displayName ?? g.id}</a></td>
  <td>${g.externalId ?? ''}</td>
  <td>${formatNumber(ctx.locale, g.memberCount)}</td>
  <td><time datetime="${g.updatedAt}">${formatDateTime(ctx.locale, g.updatedAt)}</time></td>
</tr>`,
        )}</tbody>
</table></div>`;
  return renderPage(ctx, {
    title: layoutMessages(ctx.locale)('directory'),
    active: 'directory',
    body: html`${directoryTabs(ctx, 'groups')}
<h2>${m('groups')}</h2>
<p>${m('groupsIntro')}</p>
${searchForm(ctx, DIRECTORY_PATHS.groups, GROUP_SEARCH_FIELDS, search, m('groupSearchHint'))}
${table}
${pager(ctx, {
  first: paged ? withQuery(DIRECTORY_PATHS.groups, query) : undefined,
  next: page.nextCursor === null ? undefined : withQuery(DIRECTORY_PATHS.groups, { ...query, after: page.nextCursor }),
})}`,
  });
}
