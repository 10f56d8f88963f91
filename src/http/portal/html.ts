/**
 * HTML that is safe to send: built by {@link html}, whose interpolations are escaped unless
 * they are themselves SafeHtml. Everything that came from an IdP or a form goes through it.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The portal's template tag: interpolated values are escaped; arrays are joined; `null`,
 * `undefined` and booleans render nothing (so `${cond && html`...`}` works).
 *
 * @example html`<td>${user.displayName}</td>` // a displayName of `<script>` shows as text
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks trusted markup (never anything from a request or the database) as safe. */
export const unsafeRaw = (markup: string): SafeHtml => new SafeHtml(markup);
