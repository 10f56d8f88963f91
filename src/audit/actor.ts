/**
 * Who performed an action: someone at the command line (with their OS user name when
 * known), an administrator signed in to the portal, or Roster itself (noticing that a
 * token expired, creating the tenant `default`).
 */
export type Actor = (
  | { readonly kind: 'cli'; readonly user?: string }
  | { readonly kind: 'admin'; readonly email: string }
  | { readonly kind: 'system' }
) & {
  /** The HTTP request the action came in (its X-Request-Id), kept on the audit event; none outside one. */
  readonly requestId?: string;
};

export const SYSTEM_ACTOR: Actor = { kind: 'system' };

/**
 * How an actor is stored and shown: `cli`, `cli:<user>`, `admin:<email>`, `system`.
 * Filtering by `cli` or `admin` matches every actor of that kind.
 *
 * @example actorLabel({ kind: 'cli', user: 'root' }) // 'cli:root'
 */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'cli':
      return actor.user ? `cli:${actor.user}` : 'cli';
    case 'admin':
      return `admin:${actor.email}`;
    case 'system':
      return 'system';
  }
}
