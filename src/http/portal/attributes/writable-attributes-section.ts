import type { ResourceSchema } from '../../../scim/schema/resource-schema.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages } from './attributes-messages.ts';
import { idpWritableAttributes } from './idp-writable-attributes.ts';

/** "The attributes an IdP may update": derived from the tenant's User schemas, never hand-written. */
export function writableAttributesSection(ctx: PortalContext, rs: ResourceSchema, customUrn: string): SafeHtml {
  const m = attributesMessages(ctx.locale);
  return html`<section aria-labelledby="writable-heading">
<h2 id="writable-heading">${m('writableHeading')}</h2>
<p>${m('writableIntro')}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${m('colPath')}</th><th scope="col">${m('colSchema')}</th><th scope="col">${m('colType')}</th><th scope="col">${m('colMulti')}</th><th scope="col">${m('colMutability')}</th><th scope="col">${m('colSub')}</th></tr></thead>
<tbody>${idpWritableAttributes(rs, customUrn).map(
    (a) => html`<tr>
  <td><code>${a.path}</code></td>
  <td class="nowrap">${m(`schema_${a.source}`)}</td>
  <td class="nowrap">${a.type}</td>
  <td>${a.multiValued ? m('yes') : m('no')}</td>
  <td>${m(`mut_${a.mutability}`)}</td>
  <td>${a.subAttributes.length > 0 ? a.subAttributes.map((s, j) => html`${j > 0 && ', '}<code>${s}</code>`) : m('none')}</td>
</tr>`,
  )}</tbody>
</table></div>
</section>`;
}
