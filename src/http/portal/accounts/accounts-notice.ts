import { isAdminRole } from '../../../admins/admin-role.ts';
import type { Locale } from '../i18n.ts';
import type { PageOptions } from '../layout.ts';
import { accountsMessages, roleLabel } from './accounts-messages.ts';
import { ACCOUNTS_PATHS } from './accounts-paths.ts';

const DONE = ['added', 'role', 'removed'] as const;
type Done = (typeof DONE)[number];

// The query string is the visitor's to write: only something shaped like an email (shown
// escaped, as text) and a known role are read from it.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/**
 * Where a change redirects to: the Accounts page, with what was done in the query.
 *
 * @example donePath('role', 'bob@example.com', 'viewer') // '/admin/accounts?done=role&email=bob%40example.com&role=viewer'
 */
export function donePath(done: Done, email: string, role?: string): string {
  const query = new URLSearchParams({ done, email, ...(role !== undefined ? { role } : {}) });
  return `${ACCOUNTS_PATHS.page}?${query.toString()}`;
}

/** The success notice a redirect's query names, or none when it names none (or nonsense). */
export function doneNotice(locale: Locale, query: Readonly<Record<string, string>>): PageOptions['notice'] {
  const done = DONE.find((d) => d === query.done);
  const email = query.email ?? '';
  if (!done || !EMAIL.test(email)) return undefined;
  if (done === 'role' && !isAdminRole(query.role)) return undefined;
  const role = isAdminRole(query.role) ? roleLabel(locale, query.role) : '';
  return { kind: 'success', text: accountsMessages(locale)(`done_${done}`, { email, role }) };
}
