import type { Transaction } from 'kysely';
import { AdminError } from '../shared/admin-error.ts';
import type { Database } from '../store/database.ts';
import type { RowLocking } from '../store/row-locking.ts';

/**
 * The first step of a change to who owns a tenant (a demotion, a removal, first-run setup):
 * on PostgreSQL, lock the tenant's row, so that two owners demoting each other at once run
 * one after the other and the second sees the first's result. `FOR NO KEY UPDATE` orders
 * these changes without blocking the inserts of other rows that reference the tenant (they
 * take `FOR KEY SHARE`). SQLite runs one write transaction at a time.
 *
 * @example await lockTenantAccounts(trx, tenantId, rowLockingOf(store))
 */
export async function lockTenantAccounts(
  trx: Transaction<Database>,
  tenantId: string,
  locking: RowLocking,
): Promise<void> {
  if (locking === 'serialized') return;
  await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).forNoKeyUpdate().execute();
}

/**
 * Refuses to demote or remove an owner when no other owner of the tenant would remain: a
 * tenant always keeps someone who can manage its accounts. Call it after
 * {@link lockTenantAccounts}, in the same transaction.
 *
 * @throws AdminError `conflict` when `account` is the tenant's last owner.
 */
export async function keepAnOwner(
  trx: Transaction<Database>,
  tenantId: string,
  account: { readonly id: string; readonly email: string },
  change: 'demote' | 'remove',
): Promise<void> {
  const other = await trx
    .selectFrom('admins')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'owner')
    .where('id', '<>', account.id)
    .limit(1)
    .executeTakeFirst();
  if (other) return;
  throw new AdminError('conflict', change === 'demote' ? 'lastOwnerDemoted' : 'lastOwnerRemoved', {
    email: account.email,
  });
}
