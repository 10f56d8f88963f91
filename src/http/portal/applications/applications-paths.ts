import { PORTAL_PATHS } from '../portal-paths.ts';

/** What can be done to one application token from its Select menu. */
export const APP_TOKEN_ACTIONS = ['activate', 'deactivate', 'renew', 'delete'] as const;
export type AppTokenAction = (typeof APP_TOKEN_ACTIONS)[number];

/**
 * The Applications page's URLs.
 *
 * @example APPLICATIONS_PATHS.token('3f2a…', 'renew') // '/admin/identity/applications/tokens/3f2a…/renew'
 */
export const APPLICATIONS_PATHS = {
  page: PORTAL_PATHS.applications,
  create: `${PORTAL_PATHS.applications}/tokens`,
  token: (id: string, action: AppTokenAction): string =>
    `${PORTAL_PATHS.applications}/tokens/${encodeURIComponent(id)}/${action}`,
} as const;
