const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Markup as a reader sees it: tags dropped, entities decoded, spaces collapsed. */
export const textOf = (markup: string): string =>
  markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The body rows of a page's first table, each as its cells' text.
 *
 * @example rowsOf(page.body)[0] // ['2 Mar 2026, 10:00:00 UTC', 'SCIM token renewed', 'ann@example.com', '…']
 */
export function rowsOf(page: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
    [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell = '']) => textOf(cell)),
  );
}

/** The href of the link with this text, entities decoded (undefined when there is none). */
export function linkTo(page: string, text: string): string | undefined {
  const match = [...page.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].find(
    ([, , label = '']) => textOf(label) === text,
  );
  return match?.[1] === undefined ? undefined : textOf(match[1]);
}
