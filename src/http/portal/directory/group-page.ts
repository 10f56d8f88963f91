import type { DirectoryPage, MemberSummary } from '../../../provisioning/directory-service.ts';
import type { LogPage } from '../../../provisioning-log/log-query.ts';
import { html } from '../html.ts';
import { formatDateTime, formatNumber } from '../i18n.ts';
import { renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { directoryMessages } from './directory-messages.ts';
import { DIRECTORY_PATHS, withQuery } from './directory-paths.ts';
import { pager } from './directory-search.ts';
import { directoryTabs } from './directory-tabs.ts';
import { resourceLogSection } from './resource-log-section.ts';

/** What a group's page shows: never all its members, one page of them. */
export interface GroupPageData {
  /** The group as the SCIM API returns it, without members. */
  readonly resource: Readonly<Record<string, unknown>>;
  readonly memberCount: number;
  readonly members: DirectoryPage<MemberSummary>;
  readonly pageSize: number;
  /** Whether the members shown are a later page than the first. */
  readonly membersPaged: boolean;
  readonly log: LogPage;
  readonly logPaged: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** One group: its names, member count and one page of members, each linking to its page. */
export function renderGroupPage(ctx: PortalContext, data: GroupPageData): string {
  const m = directoryMessages(ctx.locale);
  const r = data.resource;
  const id = String(r.id);
  const meta = typeof r.meta === 'object' && r.meta !== null ? (r.meta as Record<string, unknown>) : {};
  const path = DIRECTORY_PATHS.group(id);
  const members =
    data.members.items.length === 0
      ? html`<p class="muted">${m('noMembers')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${m('colMember')}</th><th scope="col">${m('colType')}</th><th scope="col">${m('colId')}</th></tr></thead>
<tbody>${data.members.items.map((member) => {
          const href = member.type === 'Group' ? DIRECTORY_PATHS.group(member.id) : DIRECTORY_PATHS.user(member.id);
          const label = member.display ?? member.id;
          return html`<tr>
  <td>${member.display === null ? html`<span class="muted">${m('missingMember')}</span>` : html`<a href="${href}">${label}</a>`}</td>
  <td>${m(`type_${member.type}`)}</td>
  <td><code>${member.id}</code></td>
</tr>`;
        })}</tbody>
</table></div>`;
  return renderPage(ctx, {
    title: text(r.displayName) ?? id,
    active: 'directory',
    body: html`${directoryTabs(ctx, 'groups')}
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">${m('summary')}</h2>
<dl class="attrs">
  <dt>displayName</dt><dd>${text(r.displayName) ?? '—'}</dd>
  <dt>${m('externalId')}</dt><dd>${text(r.externalId) ?? '—'}</dd>
  <dt>${m('memberCount')}</dt><dd>${formatNumber(ctx.locale, data.memberCount)}</dd>
  <dt>${m('id')}</dt><dd><code>${id}</code></dd>
  <dt>${m('created')}</dt><dd>${formatDateTime(ctx.locale, text(meta.created))}</dd>
  <dt>${m('lastModified')}</dt><dd>${formatDateTime(ctx.locale, text(meta.lastModified))}</dd>
  <dt>${m('version')}</dt><dd><code>${text(meta.version) ?? ''}</code></dd>
</dl>
</section>
<section aria-labelledby="members-heading">
<h2 id="members-heading">${m('membersHeading')}</h2>
<p class="muted">${m('membersIntro', { count: formatNumber(ctx.locale, data.memberCount), size: data.pageSize })}</p>
${members}
${pager(ctx, {
  first: data.membersPaged ? `${path}#members-heading` : undefined,
  next:
    data.members.nextCursor === null
      ? undefined
      : `${withQuery(path, { after: data.members.nextCursor })}#members-heading`,
})}
</section>
${resourceLogSection(ctx, id, data.log, path, data.logPaged)}`,
  });
}
