import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { rowLockingOf } from '../store/row-locking.ts';
import { isAdminRole } from './admin-role.ts';
import { toAdminView, type AdminView } from './admin-view.ts';
import { keepAnOwner, lockTenantAccounts } from './last-owner-guard.ts';
import { normalizeEmail } from './normalize-email.ts';
import { hashPassword, verifyPassword } from '../shared/password-hash.ts';
import { passwordProblem } from './password.ts';
import { resetPassword } from './reset-password.ts';
import { sessionIdHash } from './sessions-service.ts';
import { clearFailures, recordFailure, secondsUntilAllowed, SIGN_IN_LIMITS } from './sign-in-limits.ts';

export interface NewAdmin {
  readonly email: string;
  readonly password: string;
  /** As the form sent it: checked here to be an `AdminRole`. */
  readonly role: string;
}

/** How a password change went: refusals the form explains, like sign-in's. */
export type PasswordChange =
  | { readonly kind: 'changed'; readonly sessionsEnded: number }
  | { readonly kind: 'wrong_password' }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/** What an account's view is read from: never the password hash. */
const VIEW_COLUMNS = ['id', 'tenant_id', 'email', 'role', 'created_at', 'last_sign_in_at'] as const;

/** The tenant's account `adminId`, read inside a change's transaction. */
async function accountOf(db: Kysely<Database>, tenantId: string, adminId: string): Promise<AdminView> {
  const row = await db
    .selectFrom('admins')
    .select(VIEW_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', adminId)
    .executeTakeFirst();
  if (!row) throw new AdminError('not_found', 'noSuchAccount');
  return toAdminView(row);
}

/** Portal accounts: each belongs to one tenant and has one role. */
export class AdminsService {
  constructor(private readonly store: StoreDialect) {}

  /**
   * Creates an account (password hashed with argon2id) and records `admin.created`.
   *
   * @throws AdminError `invalid` for a bad email, password or role; `conflict` when the email has an account.
   * @example await admins.create(tenantId, { email: 'ann@example.com', password: '…', role: 'owner' }, actor)
   */
  async create(tenantId: string, input: NewAdmin, actor: Actor): Promise<AdminView> {
    const row = await this.prepare(tenantId, input);
    try {
      await this.store.db.transaction().execute(async (trx) => {
        await trx.insertInto('admins').values(row).execute();
        await recordAuditEvent(trx, {
          tenantId,
          actor,
          type: 'admin.created',
          targetId: row.id,
          details: { email: row.email, role: row.role },
        });
      });
    } catch (error) {
      if (this.store.isUniqueViolation(error)) throw new AdminError('conflict', 'accountExists', { email: row.email });
      throw error;
    }
    return toAdminView(row);
  }

  /** Checks the input and hashes the password: the row to insert. */
  async prepare(tenantId: string, input: NewAdmin) {
    const email = normalizeEmail(input.email);
    const problem = passwordProblem(input.password);
    if (problem) throw new AdminError('invalid', problem.key, problem.params);
    if (!isAdminRole(input.role)) throw new AdminError('invalid', 'unknownRole', { role: input.role });
    return {
      id: randomUUID(),
      tenant_id: tenantId,
      email,
      password_hash: await hashPassword(input.password),
      role: input.role,
      created_at: nowIso(),
      last_sign_in_at: null,
    };
  }

  /** A tenant's accounts, by email. */
  async list(tenantId: string): Promise<AdminView[]> {
    const rows = await this.store.db
      .selectFrom('admins')
      .select(VIEW_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .orderBy('email')
      .execute();
    return rows.map(toAdminView);
  }

  /**
   * One account of the tenant, by id.
   *
   * @throws AdminError `not_found` when the tenant has no such account.
   */
  async get(tenantId: string, adminId: string): Promise<AdminView> {
    return accountOf(this.store.db, tenantId, adminId);
  }

  /**
   * One account of the tenant, by email (any case).
   *
   * @throws AdminError `invalid` for a malformed email, `not_found` when the tenant has no such account.
   */
  async findByEmail(tenantId: string, email: string): Promise<AdminView> {
    const normalized = normalizeEmail(email);
    const row = await this.store.db
      .selectFrom('admins')
      .select(VIEW_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('email', '=', normalized)
      .executeTakeFirst();
    if (!row) throw new AdminError('not_found', 'noAccount', { email: normalized });
    return toAdminView(row);
  }

  /**
   * Gives an account another role and records `admin.role_changed` (nothing when the role
   * is already that one). The tenant's last owner keeps the owner role.
   *
   * @throws AdminError `invalid` for an unknown role; `not_found`; `conflict` for the last owner.
   * @example await admins.changeRole(tenantId, adminId, 'viewer', actor)
   */
  async changeRole(tenantId: string, adminId: string, role: string, actor: Actor): Promise<AdminView> {
    if (!isAdminRole(role)) throw new AdminError('invalid', 'unknownRole', { role });
    return this.store.db.transaction().execute(async (trx) => {
      await lockTenantAccounts(trx, tenantId, rowLockingOf(this.store));
      const before = await accountOf(trx, tenantId, adminId);
      if (before.role === role) return before;
      if (before.role === 'owner') await keepAnOwner(trx, tenantId, before, 'demote');
      await trx.updateTable('admins').set({ role }).where('id', '=', adminId).execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: 'admin.role_changed',
        targetId: adminId,
        details: { email: before.email, previousRole: before.role, role },
      });
      return { ...before, role };
    });
  }

  /**
   * Deletes an account and its sessions (so it is signed out at once, on every instance),
   * and records `admin.removed`. Nobody removes their own account (another owner can), and
   * the tenant's last owner stays.
   *
   * @throws AdminError `not_found`; `conflict` for the actor's own account or the last owner.
   * @example await admins.remove(tenantId, adminId, { kind: 'admin', email: 'ann@example.com' })
   */
  async remove(tenantId: string, adminId: string, actor: Actor): Promise<AdminView> {
    return this.store.db.transaction().execute(async (trx) => {
      await lockTenantAccounts(trx, tenantId, rowLockingOf(this.store));
      const account = await accountOf(trx, tenantId, adminId);
      if (actor.kind === 'admin' && actor.email === account.email) {
        throw new AdminError('conflict', 'cannotRemoveSelf');
      }
      if (account.role === 'owner') await keepAnOwner(trx, tenantId, account, 'remove');
      await trx.deleteFrom('admin_sessions').where('admin_id', '=', adminId).execute();
      await trx.deleteFrom('admins').where('id', '=', adminId).execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: 'admin.removed',
        targetId: adminId,
        details: { email: account.email, role: account.role },
      });
      return account;
    });
  }

  /**
   * Changes an account's own password: the current one must match (argon2id), and wrong
   * guesses count against the account's sign-in limit, so a stolen session cannot try
   * passwords faster than the sign-in form allows. The account's other live sessions end;
   * the one whose secret is `keepSession` (the caller's) stays. Records
   * `admin.password_changed` with the number of sessions ended, never a password or hash.
   *
   * @throws AdminError `invalid` for an unacceptable new password; `conflict` when the
   *   password changed meanwhile; `not_found` when the account is gone.
   * @example await admins.changePassword(adminId, current, next, sessionSecret, req.id)
   */
  async changePassword(
    adminId: string,
    currentPassword: string,
    newPassword: string,
    keepSession?: string,
    requestId?: string,
  ): Promise<PasswordChange> {
    const db = this.store.db;
    const row = await db
      .selectFrom('admins')
      .select(['id', 'tenant_id', 'email', 'password_hash'])
      .where('id', '=', adminId)
      .executeTakeFirst();
    if (!row) throw new AdminError('not_found', 'accountGone');
    const key = `email:${row.email}`;
    const wait = await secondsUntilAllowed(db, [{ key, max: SIGN_IN_LIMITS.perEmail }]);
    if (wait > 0) return { kind: 'limited', retryAfterSeconds: wait };
    if (!(await verifyPassword(row.password_hash, currentPassword))) {
      await recordFailure(db, [key]);
      return { kind: 'wrong_password' };
    }
    const problem = passwordProblem(newPassword);
    if (problem) throw new AdminError('invalid', problem.key, problem.params);
    if (newPassword === currentPassword) throw new AdminError('invalid', 'samePassword');
    const hash = await hashPassword(newPassword);
    const now = nowIso();
    const result = await db.transaction().execute(async (trx) => {
      // Only over the hash just verified: of two changes at once, the second is refused.
      const updated = await trx
        .updateTable('admins')
        .set({ password_hash: hash })
        .where('id', '=', adminId)
        .where('password_hash', '=', row.password_hash)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new AdminError('conflict', 'passwordChangedMeanwhile');
      let others = trx.deleteFrom('admin_sessions').where('admin_id', '=', adminId).where('expires_at', '>', now);
      if (keepSession !== undefined) others = others.where('id_hash', '<>', sessionIdHash(keepSession));
      const sessionsEnded = Number((await others.executeTakeFirst()).numDeletedRows);
      await recordAuditEvent(trx, {
        tenantId: row.tenant_id,
        actor: { kind: 'admin', email: row.email, requestId },
        type: 'admin.password_changed',
        targetId: adminId,
        details: { email: row.email, sessionsEnded },
      });
      return { kind: 'changed' as const, sessionsEnded };
    });
    await clearFailures(db, key);
    return result;
  }

  /**
   * Sets an account's password without the current one (a forgotten password, from the
   * CLI); every session of the account ends. See {@link resetPassword}.
   *
   * @throws AdminError `not_found` for no such account in the tenant; `invalid` for a bad password.
   * @example await admins.resetPassword(tenantId, 'ann@example.com', newPassword, { kind: 'cli', user: 'root' })
   */
  resetPassword(tenantId: string, email: string, password: string, actor: Actor): Promise<{ sessionsEnded: number }> {
    return resetPassword(this.store, tenantId, email, password, actor);
  }

  /** Whether any account exists at all (before the first, the portal offers first-run setup). */
  async any(): Promise<boolean> {
    return (await this.store.db.selectFrom('admins').select('id').limit(1).executeTakeFirst()) !== undefined;
  }
}
