import { html, type SafeHtml } from '../html.ts';
import type { Locale } from '../i18n.ts';
import { renderBarePage } from '../layout.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { authMessages } from './auth-messages.ts';

export interface FormState {
  readonly csrf: string;
  readonly email?: string | undefined;
  readonly notice?: { readonly kind: 'success' | 'error'; readonly text: string } | undefined;
}

const noticeOf = (state: FormState): SafeHtml | undefined =>
  state.notice &&
  html`<p class="notice ${state.notice.kind}" role="${state.notice.kind === 'error' ? 'alert' : 'status'}">${state.notice.text}</p>`;

/** The sign-in page; `next` is where to go afterwards (already checked to be a portal path). */
export function signInPage(locale: Locale, state: FormState & { next: string; setupOpen: boolean }): string {
  const m = authMessages(locale);
  return renderBarePage(
    locale,
    m('signInTitle'),
    html`
${noticeOf(state)}
${state.setupOpen && html`<p class="notice success">${m('setupFirst')} <a href="${PORTAL_PATHS.setup}">${m('setupLink')}</a></p>`}
<form method="post" action="${PORTAL_PATHS.signIn}">
  <input type="hidden" name="_csrf" value="${state.csrf}">
  <input type="hidden" name="next" value="${state.next}">
  <label for="email">${m('email')}</label>
  <input type="email" id="email" name="email" autocomplete="username" required value="${state.email ?? ''}">
  <label for="password">${m('password')}</label>
  <input type="password" id="password" name="password" autocomplete="current-password" required>
  <p><button type="submit">${m('signIn')}</button></p>
</form>`,
    PORTAL_PATHS.signIn,
  );
}

/** The first-run page: setup code, then the owner's email and password. */
export function setupPage(locale: Locale, state: FormState): string {
  const m = authMessages(locale);
  return renderBarePage(
    locale,
    m('setupTitle'),
    html`
<p>${m('setupIntro')}</p>
${noticeOf(state)}
<form method="post" action="${PORTAL_PATHS.setup}">
  <input type="hidden" name="_csrf" value="${state.csrf}">
  <label for="code">${m('setupCode')}</label>
  <input type="text" id="code" name="code" autocomplete="one-time-code" required spellcheck="false">
  <label for="email">${m('email')}</label>
  <input type="email" id="email" name="email" autocomplete="username" required value="${state.email ?? ''}">
  <label for="password">${m('password')}</label>
  <input type="password" id="password" name="password" autocomplete="new-password" minlength="12" required aria-describedby="password-hint">
  <p id="password-hint" class="muted">${m('passwordHint')}</p>
  <label for="password2">${m('confirmPassword')}</label>
  <input type="password" id="password2" name="password2" autocomplete="new-password" minlength="12" required>
  <p><button type="submit">${m('createOwner')}</button></p>
</form>`,
    PORTAL_PATHS.setup,
  );
}
