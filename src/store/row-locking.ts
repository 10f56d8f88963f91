import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';

/**
 * How membership writes keep concurrent writers apart.
 *
 * `rowLocks` (PostgreSQL, many writers at once) takes row locks in one order everywhere:
 * first the group rows a write will change, in id order (`FOR NO KEY UPDATE`), then each
 * member it adds (`FOR KEY SHARE`, so a delete of that member waits for the new membership
 * row and removes it too, instead of missing it and leaving it orphaned), then membership
 * rows. The rare cycle left (two writers adding one member that a third deletes) is a
 * deadlock PostgreSQL breaks, and {@link writeTransaction} runs the loser again.
 *
 * `serialized` (SQLite) takes none: one write transaction runs at a time.
 */
export type RowLocking = 'rowLocks' | 'serialized';

/** The store's {@link StoreDialect.rowLocking}. */
export const rowLockingOf = (store: StoreDialect): RowLocking => store.rowLocking;

/**
 * Locks, in id order, the group `groupId` and the groups holding `memberId` as a member:
 * the first step of a write to a group, or of a delete of a user or group.
 *
 * @example await lockGroups(trx, tenantId, { holding: userId }, rowLockingOf(store))
 */
export async function lockGroups(
  trx: Transaction<Database>,
  tenantId: string,
  target: { readonly groupId?: string; readonly holding?: string },
  locking: RowLocking,
): Promise<void> {
  if (locking === 'serialized') return;
  const { groupId, holding } = target;
  await trx
    .selectFrom('groups')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(groupId !== undefined ? [eb('id', '=', groupId)] : []),
        ...(holding !== undefined
          ? [
              eb(
                'id',
                'in',
                eb
                  .selectFrom('group_members')
                  .select('group_id')
                  .where('tenant_id', '=', tenantId)
                  .where('member_id', '=', holding),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}
