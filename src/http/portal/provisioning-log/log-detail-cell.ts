import type { LogRecord } from '../../../provisioning-log/log-entry.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Locale } from '../i18n.ts';
import { logMessages } from './log-messages.ts';

/** Longer details fold behind their first words, so one long error does not stretch the table. */
const FOLD_AT = 160;
const SUMMARY = 100;

/**
 * What went wrong with a request, as the client was told (whole, folded with
 * `<details>` when long), and the attributes Roster ignored.
 *
 * @example html`<td>${logDetailCell('en', entry)}</td>`
 */
export function logDetailCell(locale: Locale, entry: LogRecord): SafeHtml {
  const m = logMessages(locale);
  const detail = entry.detail;
  return html`${
    detail !== null &&
    (detail.length > FOLD_AT
      ? html`<details class="log-detail"><summary>${detail.slice(0, SUMMARY)}…</summary><p>${detail}</p></details>`
      : html`<p class="log-detail">${detail}</p>`)
  }${entry.ignored.length > 0 && html`<p class="log-ignored muted">${m('ignored', { names: entry.ignored.join('; ') })}</p>`}`;
}
