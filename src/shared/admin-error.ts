/** What went wrong with an administrator's request, so the CLI and the portal can answer it. */
export type AdminErrorCode = 'not_found' | 'conflict' | 'invalid' | 'limit';

/**
 * An error in an administrative action (tokens, connections, tenants, queries) whose
 * message is meant for the administrator: the CLI prints it, the portal shows it.
 *
 * @example throw new AdminError('not_found', 'No token "3f2a" in tenant "default"')
 */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
