import { createHash, createHmac, randomBytes } from 'node:crypto';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { nowIso } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { isAdminRole, type AdminRole } from './admin-role.ts';

/** How long a session lasts from sign-in; then the administrator signs in again. */
export const SESSION_HOURS = 12;

/** Who a live session belongs to, and the CSRF token its forms carry. */
export interface SessionAdmin {
  readonly id: string;
  readonly email: string;
  readonly role: AdminRole;
  readonly tenantId: string;
  readonly tenantSlug: string;
  readonly csrfToken: string;
}

/** How a session is stored: the SHA-256 of its cookie's secret, never the secret itself. */
export const sessionIdHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * The CSRF token of a session: derived from the session's secret, which only the
 * HttpOnly cookie carries, so a page of another site can neither read nor forge it.
 */
export const csrfTokenOf = (secret: string): string =>
  createHmac('sha256', secret).update('roster-csrf').digest('base64url');

/**
 * Portal sessions, in the database so every instance honours them. The cookie holds a
 * 256-bit secret; only its SHA-256 is stored.
 */
export class SessionsService {
  constructor(private readonly store: StoreDialect) {}

  /** Opens a session for the account; returns the cookie's secret (never stored). */
  async create(adminId: string): Promise<{ secret: string; expiresAt: string }> {
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
    await this.store.db.deleteFrom('admin_sessions').where('expires_at', '<=', now.toISOString()).execute();
    await this.store.db
      .insertInto('admin_sessions')
      .values({
        id_hash: sessionIdHash(secret),
        admin_id: adminId,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { secret, expiresAt };
  }

  /** The account of a live session, or undefined for an unknown, expired or revoked one. */
  async resolve(secret: string): Promise<SessionAdmin | undefined> {
    const row = await this.store.db
      .selectFrom('admin_sessions as s')
      .innerJoin('admins as a', 'a.id', 's.admin_id')
      .innerJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['a.id', 'a.email', 'a.role', 'a.tenant_id', 't.slug'])
      .where('s.id_hash', '=', sessionIdHash(secret))
      .where('s.expires_at', '>', nowIso())
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      email: row.email,
      role: isAdminRole(row.role) ? row.role : 'viewer',
      tenantId: row.tenant_id,
      tenantSlug: row.slug,
      csrfToken: csrfTokenOf(secret),
    };
  }

  /**
   * Ends the administrator's session at once, on every instance (when the cookie still
   * names one), and records `admin.signed_out`, in one transaction.
   *
   * @example await sessions.signOut(cookies.session, portal.admin, req.id)
   */
  async signOut(
    secret: string | undefined,
    admin: Pick<SessionAdmin, 'id' | 'email' | 'tenantId'>,
    requestId?: string,
  ): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      if (secret) await trx.deleteFrom('admin_sessions').where('id_hash', '=', sessionIdHash(secret)).execute();
      await recordAuditEvent(trx, {
        tenantId: admin.tenantId,
        actor: { kind: 'admin', email: admin.email, requestId },
        type: 'admin.signed_out',
        targetId: admin.id,
        details: { email: admin.email },
      });
    });
  }
}
