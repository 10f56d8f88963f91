import { html, type SafeHtml } from './html.ts';
import type { PortalContext } from './portal-context.ts';

/** What a token's Select menu can do; each is a POST to the page's own path for it. */
export type TokenMenuAction = 'activate' | 'deactivate' | 'renew' | 'delete';

/** The menu's words, in the page's language. */
export interface TokenMenuLabels {
  /** The menu's accessible name, naming the token. */
  readonly selectFor: string;
  readonly select: string;
  readonly setActive: string;
  readonly setInactive: string;
  readonly renew: string;
  readonly delete: string;
}

/**
 * A token row's Select menu, the same for IdP and application tokens. Set Active and Set
 * Inactive are both offered, the one matching the current state disabled, so the menu always
 * reads the same; an expired token may be set either way (its state applies once renewed).
 *
 * @example tokenMenu(ctx, token.status, (a) => PATHS.token(token.id, a), labels)
 */
export function tokenMenu(
  ctx: PortalContext,
  status: string,
  pathOf: (action: TokenMenuAction) => string,
  labels: TokenMenuLabels,
): SafeHtml {
  const action = (name: TokenMenuAction, label: string, disabled = false): SafeHtml =>
    html`<form method="post" action="${pathOf(name)}">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <button type="submit"${disabled ? html` disabled` : ''}>${label}</button>
</form>`;
  return html`<details class="menu">
<summary aria-label="${labels.selectFor}">${labels.select}</summary>
<div>
  ${action('activate', labels.setActive, status === 'active')}
  ${action('deactivate', labels.setInactive, status === 'inactive')}
  ${action('renew', labels.renew)}
  ${action('delete', labels.delete)}
</div>
</details>`;
}
