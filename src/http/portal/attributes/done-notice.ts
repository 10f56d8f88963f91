import { pluralOf, type Locale } from '../i18n.ts';
import type { PageOptions } from '../layout.ts';
import { attributesMessages } from './attributes-messages.ts';
import { ATTRIBUTES_PATHS } from './attributes-paths.ts';

const DONE = ['added', 'updated', 'deprecated', 'undeprecated', 'removed'] as const;
type Done = (typeof DONE)[number];

// An attribute name's syntax: the query string is the visitor's to write, so only a name
// and a count are shown from it, never free text.
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Where a change redirects to: the page, with what was done in the query.
 *
 * @example donePath('removed', 'badgeNumber', 3) // '/admin/identity/scim-attributes?done=removed&name=badgeNumber&count=3'
 */
export function donePath(done: Done, name: string, count?: number): string {
  const query = new URLSearchParams({ done, name, ...(count !== undefined ? { count: String(count) } : {}) });
  return `${ATTRIBUTES_PATHS.page}?${query.toString()}`;
}

/** The success notice a redirect's query names, or none when it names none (or nonsense). */
export function doneNotice(locale: Locale, query: Readonly<Record<string, string>>): PageOptions['notice'] {
  const done = DONE.find((d) => d === query.done);
  const name = query.name ?? '';
  if (!done || !NAME.test(name)) return undefined;
  const count = /^\d{1,9}$/.test(query.count ?? '') ? Number(query.count) : 0;
  const key = done === 'removed' ? (`done_removed_${pluralOf(locale, count)}` as const) : (`done_${done}` as const);
  return { kind: 'success', text: attributesMessages(locale)(key, { name, count }) };
}
