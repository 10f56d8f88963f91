import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { nowIso } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { verifyPassword } from '../shared/password-hash.ts';
import { decoyHash } from './password.ts';
import type { SessionsService } from './sessions-service.ts';
import { clearFailures, recordFailure, secondsUntilAllowed, SIGN_IN_LIMITS } from './sign-in-limits.ts';

export type SignInResult =
  | { readonly kind: 'signed_in'; readonly secret: string; readonly expiresAt: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/**
 * Signing in to the portal: password check (argon2id), rate limits per email and per
 * client address, audit events for successes and failures, and a new session.
 */
export class SignInService {
  constructor(
    private readonly store: StoreDialect,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * @param address the client's IP address, for the per-address limit
   * @param requestId the HTTP request's id, kept on the audit events
   * @example await signIn.attempt('ann@example.com', password, req.ip, req.id)
   */
  async attempt(email: string, password: string, address: string, requestId?: string): Promise<SignInResult> {
    const db = this.store.db;
    const normalized = email.trim().toLowerCase();
    const emailKey = `email:${normalized}`;
    const wait = await secondsUntilAllowed(db, [
      { key: emailKey, max: SIGN_IN_LIMITS.perEmail },
      { key: `ip:${address}`, max: SIGN_IN_LIMITS.perAddress },
    ]);
    if (wait > 0) return { kind: 'limited', retryAfterSeconds: wait };
    const admin = await db
      .selectFrom('admins')
      .select(['id', 'tenant_id', 'email', 'password_hash'])
      .where('email', '=', normalized)
      .executeTakeFirst();
    const ok = await verifyPassword(admin?.password_hash ?? (await decoyHash()), password);
    if (!admin || !ok) {
      await recordFailure(db, [emailKey, `ip:${address}`]);
      // An unknown address has no tenant; its failures are still counted, not audited.
      if (admin) {
        await recordAuditEvent(db, {
          tenantId: admin.tenant_id,
          actor: { kind: 'admin', email: admin.email, requestId },
          type: 'admin.sign_in_failed',
          targetId: admin.id,
          details: { email: admin.email, address },
        });
      }
      return { kind: 'refused' };
    }
    await clearFailures(db, emailKey);
    const session = await this.sessions.create(admin.id);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('admins').set({ last_sign_in_at: nowIso() }).where('id', '=', admin.id).execute();
      await recordAuditEvent(trx, {
        tenantId: admin.tenant_id,
        actor: { kind: 'admin', email: admin.email, requestId },
        type: 'admin.signed_in',
        targetId: admin.id,
        details: { email: admin.email, address },
      });
    });
    return { kind: 'signed_in', ...session };
  }
}
