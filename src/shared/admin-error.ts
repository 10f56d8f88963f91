import { adminMessage, type AdminMessageKey, type AdminMessageParams } from './admin-messages.ts';

/** What went wrong with an administrator's request, so the CLI and the portal can answer it. */
export type AdminErrorCode = 'not_found' | 'conflict' | 'invalid' | 'limit';

/**
 * An error in an administrative action (tokens, connections, tenants, queries). It
 * carries a message code and its parameters: the CLI prints the English message
 * (`message`), the portal translates the code.
 *
 * @example throw new AdminError('not_found', 'noToken', { text: '3f2a' }) // message: 'No token "3f2a"'
 */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    readonly key: AdminMessageKey,
    readonly params: AdminMessageParams = {},
  ) {
    super(adminMessage(key, params));
    this.name = 'AdminError';
  }
}
