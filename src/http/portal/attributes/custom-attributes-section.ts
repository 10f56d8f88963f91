import { canWrite } from '../../../admins/admin-role.ts';
import type { AttributeDefinition } from '../../../attributes/attribute-definition.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages, type AttributesTranslate } from './attributes-messages.ts';
import { ATTRIBUTES_PATHS, type AttributeAction } from './attributes-paths.ts';

/**
 * The custom extension: its URN and its attributes, each with the SCIM path an IdP maps to
 * (`<urn>:<name>`) and a Copy button. Writers get a Select menu per row.
 */
export function customAttributesSection(
  ctx: PortalContext,
  urn: string,
  definitions: readonly AttributeDefinition[],
): SafeHtml {
  const m = attributesMessages(ctx.locale);
  const writer = canWrite(ctx.admin.role);
  const table =
    definitions.length === 0
      ? html`<p class="muted">${writer ? m('customEmptyWriter') : m('customEmpty')}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr>
  <th scope="col">${m('colName')}</th><th scope="col">${m('colPath')}</th><th scope="col">${m('colType')}</th>
  <th scope="col">${m('colMulti')}</th><th scope="col">${m('colRequired')}</th><th scope="col">${m('colCaseExact')}</th>
  <th scope="col">${m('colMutability')}</th><th scope="col">${m('colDescription')}</th><th scope="col">${m('colDeprecated')}</th>
  ${writer && html`<th scope="col">${m('colActions')}</th>`}
</tr></thead>
<tbody>${definitions.map((d, i) => row(ctx, m, urn, d, i, writer))}</tbody>
</table></div>`;
  return html`<section aria-labelledby="custom-heading">
<h2 id="custom-heading">${m('customHeading')}</h2>
<p><strong>${m('urn')}</strong> <code id="custom-urn">${urn}</code>
<button type="button" class="secondary" data-copy="custom-urn" data-copied="${m('copied')}" aria-label="${m('copyUrn')}">${m('copy')}</button></p>
${table}
</section>`;
}

const yesNo = (m: AttributesTranslate, value: boolean): string => (value ? m('yes') : m('no'));

function row(
  ctx: PortalContext,
  m: AttributesTranslate,
  urn: string,
  d: AttributeDefinition,
  index: number,
  writer: boolean,
): SafeHtml {
  const pathId = `custom-path-${index}`;
  return html`<tr>
  <th scope="row">${d.name}</th>
  <td><code id="${pathId}">${urn}:${d.name}</code>
    <button type="button" class="secondary" data-copy="${pathId}" data-copied="${m('copied')}" aria-label="${m('copyPath', { name: d.name })}">${m('copy')}</button></td>
  <td class="nowrap">${d.type}</td>
  <td>${yesNo(m, d.multiValued)}</td>
  <td>${yesNo(m, d.required)}</td>
  <td>${yesNo(m, d.caseExact)}</td>
  <td>${m(`mut_${d.mutability}`)}</td>
  <td>${d.description || m('none')}</td>
  <td>${yesNo(m, d.deprecated)}</td>
  ${writer && html`<td class="nowrap">${selectMenu(ctx, m, d)}</td>`}
</tr>`;
}

/** Edit opens a page; Deprecate toggles at once; Remove asks to confirm on the next page. */
function selectMenu(ctx: PortalContext, m: AttributesTranslate, d: AttributeDefinition): SafeHtml {
  const post = (
    action: AttributeAction,
    label: string,
    fields: SafeHtml = html``,
  ): SafeHtml => html`<form method="post" action="${ATTRIBUTES_PATHS.attribute(d.name, action)}">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">${fields}
  <button type="submit">${label}</button>
</form>`;
  const deprecated = html`<input type="hidden" name="deprecated" value="${d.deprecated ? 'off' : 'on'}">`;
  return html`<details class="menu">
<summary aria-label="${m('selectFor', { name: d.name })}">${m('select')}</summary>
<div>
  <a class="button secondary" href="${ATTRIBUTES_PATHS.attribute(d.name, 'edit')}">${m('edit')}</a>
  ${post('deprecate', d.deprecated ? m('undeprecate') : m('deprecate'), deprecated)}
  ${post('remove', m('remove'))}
</div>
</details>`;
}
