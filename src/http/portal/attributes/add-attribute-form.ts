import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages } from './attributes-messages.ts';
import { ATTRIBUTES_PATHS } from './attributes-paths.ts';
import { definitionInputs, type DefinitionFields } from './definition-fields.ts';

/** The Add form (writers only); after a refusal it holds what was typed. */
export function addAttributeForm(ctx: PortalContext, fields: DefinitionFields): SafeHtml {
  const m = attributesMessages(ctx.locale);
  return html`<section aria-labelledby="add-heading">
<h2 id="add-heading">${m('addHeading')}</h2>
<form method="post" action="${ATTRIBUTES_PATHS.page}" class="definition">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <div>
    <label for="add-name">${m('name')}</label>
    <input type="text" id="add-name" name="name" value="${fields.name}" required maxlength="64" autocomplete="off" spellcheck="false" aria-describedby="add-name-hint">
    <p id="add-name-hint" class="muted">${m('nameHint')}</p>
  </div>
  ${definitionInputs(ctx, 'add', fields)}
  <div class="wide"><button type="submit">${m('add')}</button></div>
</form>
</section>`;
}
