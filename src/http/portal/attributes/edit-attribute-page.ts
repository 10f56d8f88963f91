import { html } from '../html.ts';
import { renderPage, type PageOptions } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages } from './attributes-messages.ts';
import { ATTRIBUTES_PATHS } from './attributes-paths.ts';
import { definitionInputs, type DefinitionFields } from './definition-fields.ts';

/**
 * The Edit page of one attribute: everything `update` may change (the name may not: it is
 * the path IdPs write). After a refusal it holds what was typed.
 */
export function renderEditAttributePage(
  ctx: PortalContext,
  data: {
    readonly urn: string;
    readonly name: string;
    readonly fields: DefinitionFields;
    readonly notice?: PageOptions['notice'];
  },
): string {
  const m = attributesMessages(ctx.locale);
  const { name, fields } = data;
  return renderPage(ctx, {
    title: m('editTitle', { name }),
    active: 'attributes',
    notice: data.notice,
    body: html`<p>${m('editIntro', { path: `${data.urn}:${name}` })}</p>
<form method="post" action="${ATTRIBUTES_PATHS.attribute(name, 'edit')}" class="definition">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  ${definitionInputs(ctx, 'edit', fields)}
  <div class="check wide">
    <input type="checkbox" id="edit-deprecated" name="deprecated"${fields.deprecated ? html` checked` : ''}>
    <label for="edit-deprecated">${m('deprecated')}</label>
  </div>
  <p class="muted wide">${m('typeHint')}</p>
  <div class="wide"><button type="submit">${m('save')}</button> <a href="${ATTRIBUTES_PATHS.page}">${m('cancel')}</a></div>
</form>`,
  });
}
