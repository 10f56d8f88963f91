import type { AttributeDef } from '../../../scim/schema/attribute.ts';
import { html, type SafeHtml } from '../html.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A SCIM value as readable markup: text for a scalar, a list for a multi-valued attribute,
 * a nested definition list for a complex one (its sub-attributes in `defs` order). All of
 * it is escaped: it came from an IdP.
 *
 * @example scimValueHtml([{ value: 'ann@example.com', type: 'work', primary: true }], emailsDef.subAttributes)
 * // <ul><li><dl class="attrs"><dt>value</dt><dd>ann@example.com</dd>…</dl></li></ul>
 */
export function scimValueHtml(value: unknown, defs: readonly AttributeDef[] = []): SafeHtml {
  if (value === null || value === undefined) return html``;
  if (Array.isArray(value)) return html`<ul>${value.map((v) => html`<li>${scimValueHtml(v, defs)}</li>`)}</ul>`;
  if (isRecord(value)) return attributeList(value, defs);
  if (typeof value === 'boolean') return html`<code>${value ? 'true' : 'false'}</code>`;
  // What is left of a JSON document is a string or a number.
  return html`${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/**
 * An object's attributes as a definition list in the schema's order (`defs`; names match
 * in any case), then those it does not define in stored order: the same on both
 * databases, whose JSON keeps keys in different orders. `skip`ped keys are left out.
 */
export function attributeList(
  attributes: Readonly<Record<string, unknown>>,
  defs: readonly AttributeDef[],
  skip: readonly string[] = [],
): SafeHtml {
  const position = (key: string): number => {
    const i = defs.findIndex((d) => d.name.toLowerCase() === key.toLowerCase());
    return i < 0 ? defs.length : i;
  };
  const shown = Object.keys(attributes)
    .filter((key) => !skip.includes(key))
    .map((key, stored) => ({ key, stored, at: position(key) }))
    .sort((a, b) => a.at - b.at || a.stored - b.stored);
  return html`<dl class="attrs">${shown.map(({ key, at }) => html`<dt>${key}</dt><dd>${scimValueHtml(attributes[key], defs[at]?.subAttributes)}</dd>`)}</dl>`;
}
