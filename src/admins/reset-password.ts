import type { Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { normalizeEmail } from './normalize-email.ts';
import { hashPassword } from '../shared/password-hash.ts';
import { passwordProblem } from './password.ts';
import { clearFailures } from './sign-in-limits.ts';

/**
 * Sets an account's password without the current one (`roster admins password`): the way
 * back in for an owner who forgot theirs, from a shell that can reach the database. Every
 * session of the account ends, and its sign-in failures are forgotten.
 *
 * @throws AdminError `not_found` for no such account in the tenant; `invalid` for a bad password.
 * @example await resetPassword(store, tenantId, 'ann@example.com', newPassword, { kind: 'cli', user: 'root' })
 */
export async function resetPassword(
  store: StoreDialect,
  tenantId: string,
  email: string,
  password: string,
  actor: Actor,
): Promise<{ sessionsEnded: number }> {
  const problem = passwordProblem(password);
  if (problem) throw new AdminError('invalid', problem.key, problem.params);
  const normalized = normalizeEmail(email);
  const hash = await hashPassword(password);
  const result = await store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('admins')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('email', '=', normalized)
      .executeTakeFirst();
    if (!row) return undefined;
    await trx.updateTable('admins').set({ password_hash: hash }).where('id', '=', row.id).execute();
    const ended = await trx.deleteFrom('admin_sessions').where('admin_id', '=', row.id).executeTakeFirst();
    const sessionsEnded = Number(ended.numDeletedRows);
    await recordAuditEvent(trx, {
      tenantId,
      actor,
      type: 'admin.password_changed',
      targetId: row.id,
      details: { email: normalized, sessionsEnded, reset: true },
    });
    return { sessionsEnded };
  });
  if (!result) throw new AdminError('not_found', 'noAccount', { email: normalized });
  await clearFailures(store.db, `email:${normalized}`);
  return result;
}
