import type { LogPage } from '../../../provisioning-log/log-query.ts';
import type { AttributeDef } from '../../../scim/schema/attribute.ts';
import type { ResourceSchema } from '../../../scim/schema/resource-schema.ts';
import { URN } from '../../../scim/schema/urns.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from '../i18n.ts';
import { renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { directoryMessages, type DirectoryTranslate } from './directory-messages.ts';
import { DIRECTORY_PATHS } from './directory-paths.ts';
import { directoryTabs } from './directory-tabs.ts';
import { resourceLogSection } from './resource-log-section.ts';
import { attributeList, scimValueHtml } from './scim-values.ts';

/** What a user's page shows. */
export interface UserPageData {
  /** The user as the SCIM API returns it by default (write-only values left out). */
  readonly resource: Readonly<Record<string, unknown>>;
  readonly customUrn: string;
  /** The tenant's User resource schema: attributes show in its order. */
  readonly schema: ResourceSchema;
  readonly log: LogPage;
  /** Whether the log section shows an older page than the newest. */
  readonly logPaged: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One user as provisioned: a summary (state, ids, times), every attribute of the core
 * schema, the enterprise and custom extensions (and any other extension stored), the
 * groups it belongs to, and the provisioning log entries that name it.
 */
export function renderUserPage(ctx: PortalContext, data: UserPageData): string {
  const m = directoryMessages(ctx.locale);
  const r = data.resource;
  const id = String(r.id);
  const meta = isRecord(r.meta) ? r.meta : {};
  const extensions = Object.keys(r).filter((key) => key.toLowerCase().startsWith('urn:') && isRecord(r[key]));
  const known = [URN.enterpriseUser, data.customUrn];
  const others = extensions.filter((urn) => !known.includes(urn));
  const defsOf = (urn: string): readonly AttributeDef[] =>
    data.schema.extensions.find((e) => e.id === urn)?.attributes ?? [];
  return renderPage(ctx, {
    title: text(r.userName) ?? id,
    active: 'directory',
    body: html`${directoryTabs(ctx, 'users')}
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">${m('summary')}</h2>
<dl class="attrs">
  <dt>${m('state')}</dt><dd>${r.active === false ? html`<span class="status-inactive">${m('inactive')}</span>` : html`<span class="status-active">${m('active')}</span>`}</dd>
  <dt>${m('id')}</dt><dd><code>${id}</code></dd>
  <dt>${m('externalId')}</dt><dd>${text(r.externalId) ?? '—'}</dd>
  <dt>${m('created')}</dt><dd>${formatDateTime(ctx.locale, text(meta.created))}</dd>
  <dt>${m('lastModified')}</dt><dd>${formatDateTime(ctx.locale, text(meta.lastModified))}</dd>
  <dt>${m('version')}</dt><dd><code>${text(meta.version) ?? ''}</code></dd>
  <dt>schemas</dt><dd>${scimValueHtml(r.schemas)}</dd>
</dl>
</section>
${attributesSection(m, 'core-heading', m('coreHeading'), r, data.schema.core.attributes, ['schemas', 'id', 'externalId', 'meta', 'groups', ...extensions])}
${attributesSection(m, 'enterprise-heading', m('enterpriseHeading'), r[URN.enterpriseUser], defsOf(URN.enterpriseUser))}
${attributesSection(m, 'custom-heading', m('customHeading'), r[data.customUrn], defsOf(data.customUrn))}
${others.map((urn, i) => attributesSection(m, `other-heading-${i}`, m('otherHeading', { urn }), r[urn], []))}
${groupsSection(m, r.groups)}
${resourceLogSection(ctx, id, data.log, DIRECTORY_PATHS.user(id), data.logPaged)}`,
  });
}

/** One schema's attributes of the user, in the schema's order. */
function attributesSection(
  m: DirectoryTranslate,
  headingId: string,
  heading: string,
  values: unknown,
  defs: readonly AttributeDef[],
  skip: readonly string[] = [],
): SafeHtml {
  const shown = isRecord(values) ? Object.keys(values).filter((k) => !skip.includes(k)) : [];
  return html`<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${heading}</h2>
${isRecord(values) && shown.length > 0 ? attributeList(values, defs, skip) : html`<p class="muted">${m('noValues')}</p>`}
</section>`;
}

/** The user's direct groups (its read-only `groups` attribute), each linking to its page. */
function groupsSection(m: DirectoryTranslate, groups: unknown): SafeHtml {
  const list = Array.isArray(groups) ? groups.filter(isRecord) : [];
  return html`<section aria-labelledby="groups-heading">
<h2 id="groups-heading">${m('groupsHeading')}</h2>
${
  list.length === 0
    ? html`<p class="muted">${m('noGroupsOfUser')}</p>`
    : html`<ul class="groups">${list.map((g) => {
        const groupId = String(g.value);
        return html`<li><a href="${DIRECTORY_PATHS.group(groupId)}">${text(g.display) ?? groupId}</a></li>`;
      })}</ul>`
}
</section>`;
}
