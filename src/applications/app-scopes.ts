import { AdminError } from '../shared/admin-error.ts';

/**
 * What an application token may do. Both are reads: no application token ever writes
 * through SCIM. `events:read` reads the change feed, `directory:read` reads Users and
 * Groups through SCIM; the snapshot (`/api/v1/snapshot`) needs both.
 */
export const APP_SCOPES = ['events:read', 'directory:read'] as const;

export type AppScope = (typeof APP_SCOPES)[number];

/** What `roster apps create` and the portal give an application when no scopes are named. */
export const DEFAULT_APP_SCOPES: readonly AppScope[] = ['directory:read', 'events:read'];

export const isAppScope = (value: string): value is AppScope => (APP_SCOPES as readonly string[]).includes(value);

/**
 * Scopes from a comma-separated list (or a list), checked, without repeats, sorted.
 *
 * @throws AdminError `invalid` for an unknown scope or none at all.
 * @example parseScopes('events:read, directory:read') // ['directory:read', 'events:read']
 */
export function parseScopes(input: string | readonly string[]): AppScope[] {
  const parts = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter((s) => s !== '');
  const scopes = new Set<AppScope>();
  for (const part of parts) {
    if (!isAppScope(part))
      throw new AdminError('invalid', 'unknownScope', { scope: part, scopes: APP_SCOPES.join(', ') });
    scopes.add(part);
  }
  if (scopes.size === 0) throw new AdminError('invalid', 'noScope', { scopes: APP_SCOPES.join(', ') });
  return [...scopes].sort();
}

/** Scopes as stored (`directory:read,events:read`) back as a list; unknown ones are dropped. */
export const storedScopes = (text: string): AppScope[] => text.split(',').filter(isAppScope);
