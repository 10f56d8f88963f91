import { PORTAL_PATHS } from '../portal-paths.ts';

/** What an owner can do to one account from its Select menu. */
export type AccountAction = 'role' | 'remove';

/**
 * The Accounts pages' URLs: the page (its Add form posts to it), each account's role change
 * and removal step, and the Change password page.
 *
 * @example ACCOUNTS_PATHS.account('3f2a…', 'remove') // '/admin/accounts/3f2a…/remove'
 */
export const ACCOUNTS_PATHS = {
  page: PORTAL_PATHS.accounts,
  password: PORTAL_PATHS.password,
  account: (id: string, action: AccountAction): string =>
    `${PORTAL_PATHS.accounts}/${encodeURIComponent(id)}/${action}`,
  /** The route pattern of an action, the account's id a parameter. */
  route: (action: AccountAction): string => `${PORTAL_PATHS.accounts}/:id/${action}`,
} as const;
