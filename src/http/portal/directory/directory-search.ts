import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { directoryMessages } from './directory-messages.ts';

/** What a list's search form holds: the text and the attribute it searches. */
export interface SearchValues<F extends string> {
  readonly text: string;
  readonly field: F;
}

/** The longest search text: nothing longer is a name anyone types. */
export const MAX_SEARCH = 200;

/**
 * A list's search values from its query string (`q`, `by`); an unknown field is the first.
 *
 * @example searchValuesOf({ q: 'ann', by: 'displayName' }, USER_SEARCH_FIELDS)
 */
export function searchValuesOf<F extends string>(
  query: Readonly<Record<string, string>>,
  fields: readonly [F, ...F[]],
): SearchValues<F> {
  const field = fields.find((f) => f === query.by) ?? fields[0];
  return { text: (query.q ?? '').trim().slice(0, MAX_SEARCH), field };
}

/** The GET search form of a list: a text, the attribute to search, Search and Clear. */
export function searchForm<F extends string>(
  ctx: PortalContext,
  action: string,
  fields: readonly F[],
  values: SearchValues<F>,
  hint: string,
): SafeHtml {
  const m = directoryMessages(ctx.locale);
  return html`<form method="get" action="${action}" class="filters" role="search">
  <div><label for="dir-q">${m('search')}</label>
    <input type="search" id="dir-q" name="q" value="${values.text}" maxlength="${MAX_SEARCH}" aria-describedby="dir-q-hint" autocomplete="off" spellcheck="false"></div>
  <div><label for="dir-by">${m('searchIn')}</label>
    <select id="dir-by" name="by">${fields.map(
      (f) => html`<option value="${f}"${f === values.field ? html` selected` : ''}>${f}</option>`,
    )}</select></div>
  <div><button type="submit">${m('apply')}</button> ${values.text !== '' && html`<a href="${action}">${m('clear')}</a>`}</div>
</form>
<p id="dir-q-hint" class="muted">${hint}</p>`;
}

/** The links under a list: back to its first page once paged, and to the next one. */
export function pager(
  ctx: PortalContext,
  links: { readonly first?: string | undefined; readonly next?: string | undefined },
): SafeHtml {
  const m = directoryMessages(ctx.locale);
  if (!links.first && !links.next) return html``;
  return html`<nav class="pager" aria-label="${m('pager')}">
  ${links.first && html`<a href="${links.first}">${m('first')}</a>`}
  ${links.next && html`<a href="${links.next}" rel="next">${m('next')}</a>`}
</nav>`;
}
