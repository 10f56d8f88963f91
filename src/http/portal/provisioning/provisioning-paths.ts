import { PORTAL_PATHS } from '../portal-paths.ts';

/** What can be done to one token from its Select menu. */
export const TOKEN_ACTIONS = ['activate', 'deactivate', 'renew', 'delete'] as const;
export type TokenAction = (typeof TOKEN_ACTIONS)[number];

/**
 * The User Provisioning page's URLs: the page, the Generate form's target, and each
 * token's actions.
 *
 * @example PROVISIONING_PATHS.token('3f2a…', 'renew') // '/admin/identity/user-provisioning/tokens/3f2a…/renew'
 */
export const PROVISIONING_PATHS = {
  page: PORTAL_PATHS.provisioning,
  generate: `${PORTAL_PATHS.provisioning}/tokens`,
  token: (id: string, action: TokenAction): string =>
    `${PORTAL_PATHS.provisioning}/tokens/${encodeURIComponent(id)}/${action}`,
} as const;
