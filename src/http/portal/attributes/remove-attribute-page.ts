import type { AttributeDefinition } from '../../../attributes/attribute-definition.ts';
import { html } from '../html.ts';
import { formatNumber, pluralOf } from '../i18n.ts';
import { renderPage } from '../layout.ts';
import type { PortalContext } from '../portal-context.ts';
import { attributesMessages } from './attributes-messages.ts';
import { ATTRIBUTES_PATHS } from './attributes-paths.ts';

/** The confirmation step of a removal: what it removes, and the button that does it. */
export function renderRemoveAttributePage(
  ctx: PortalContext,
  urn: string,
  definition: AttributeDefinition,
  holders: number,
): string {
  const m = attributesMessages(ctx.locale);
  const { name } = definition;
  return renderPage(ctx, {
    title: m('removeTitle', { name }),
    active: 'attributes',
    body: html`<p class="notice error" role="alert">${m('removeQuestion', { name, path: `${urn}:${name}` })}</p>
<p>${holders > 0 ? m(`removeHolders_${pluralOf(ctx.locale, holders)}`, { count: formatNumber(ctx.locale, holders) }) : m('removeNoHolders')}</p>
<p>${m('removeWarning')}</p>
<form method="post" action="${ATTRIBUTES_PATHS.attribute(name, 'remove')}">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="danger">${m('removeConfirm')}</button>
  <a href="${ATTRIBUTES_PATHS.page}">${m('cancel')}</a>
</form>`,
  });
}
