import { PORTAL_PATHS } from '../portal-paths.ts';

/**
 * The Directory pages' URLs: the lists (their search and paging ride in the query) and
 * each user's and group's page.
 *
 * @example DIRECTORY_PATHS.user('2819c223-…') // '/admin/directory/users/2819c223-…'
 */
export const DIRECTORY_PATHS = {
  users: PORTAL_PATHS.users,
  groups: PORTAL_PATHS.groups,
  user: (id: string): string => `${PORTAL_PATHS.users}/${encodeURIComponent(id)}`,
  group: (id: string): string => `${PORTAL_PATHS.groups}/${encodeURIComponent(id)}`,
  userRoute: `${PORTAL_PATHS.users}/:id`,
  groupRoute: `${PORTAL_PATHS.groups}/:id`,
} as const;

/**
 * A list URL with its query, empty fields left out.
 *
 * @example withQuery('/admin/directory/users', { q: 'ann', by: 'userName', after: '' }) // '/admin/directory/users?q=ann&by=userName'
 */
export function withQuery(path: string, fields: Readonly<Record<string, string | undefined>>): string {
  const query = new URLSearchParams(
    Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
