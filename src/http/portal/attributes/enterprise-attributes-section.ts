import { enterpriseUserSchema } from '../../../scim/schema/enterprise-user.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages, type AttributesTranslate } from './attributes-messages.ts';

// The schema's own descriptions are English and mostly empty: these say it in the page's language.
const DESCRIPTIONS = {
  employeeNumber: 'ent_employeeNumber',
  costCenter: 'ent_costCenter',
  organization: 'ent_organization',
  division: 'ent_division',
  department: 'ent_department',
  manager: 'ent_manager',
} as const;

function describe(m: AttributesTranslate, name: string, fallback: string): string {
  const key = Object.hasOwn(DESCRIPTIONS, name) ? DESCRIPTIONS[name as keyof typeof DESCRIPTIONS] : undefined;
  return key ? m(key) : fallback || m('none');
}

/** The enterprise extension's attributes, read from its schema definition, with their paths. */
export function enterpriseAttributesSection(ctx: PortalContext): SafeHtml {
  const m = attributesMessages(ctx.locale);
  const urn = enterpriseUserSchema.id;
  return html`<section aria-labelledby="enterprise-heading">
<h2 id="enterprise-heading">${m('enterpriseHeading')}</h2>
<p>${m('enterpriseIntro', { urn })}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${m('colName')}</th><th scope="col">${m('colPath')}</th><th scope="col">${m('colType')}</th><th scope="col">${m('colSub')}</th><th scope="col">${m('colDescription')}</th></tr></thead>
<tbody>${enterpriseUserSchema.attributes.map((a, i) => {
    const id = `enterprise-path-${i}`;
    return html`<tr>
  <th scope="row">${a.name}</th>
  <td><code id="${id}">${urn}:${a.name}</code>
    <button type="button" class="secondary" data-copy="${id}" data-copied="${m('copied')}" aria-label="${m('copyPath', { name: a.name })}">${m('copy')}</button></td>
  <td class="nowrap">${a.type}</td>
  <td>${(a.subAttributes ?? []).length > 0 ? (a.subAttributes ?? []).map((s, j) => html`${j > 0 && ', '}<code>${s.name}</code>`) : m('none')}</td>
  <td>${describe(m, a.name, a.description)}</td>
</tr>`;
  })}</tbody>
</table></div>
</section>`;
}
