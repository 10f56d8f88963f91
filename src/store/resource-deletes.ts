import { sql, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';

/** A group that lost a member to a delete, at its new version. */
export interface LeftGroup {
  readonly id: string;
  readonly version: number;
}

/** What a delete took: the row as it was, and the groups it left. */
export interface Taken<R> {
  readonly deleted: R;
  readonly left: LeftGroup[];
}

/**
 * Deletes a user or group (`table`) and every membership it had, inside the caller's write
 * transaction: the groups holding it lose it and get a new version, and a group's own
 * membership rows go too. `check` sees the row before the transaction goes on (If-Match):
 * what it throws rolls the delete back.
 *
 * Row locks come in RowLocking's order: the groups first (the group itself and those holding
 * the resource, in id order), then the resource's row. On PostgreSQL that is two statements:
 * the locks and the delete returning the row, then, with a snapshot taken after the delete
 * (which waited for every membership being added to commit), the groups' new versions and
 * the membership rows removed (before, five: lock, read, delete, update, delete). Elsewhere
 * one write transaction runs at a time and in-process statements cost no round trip.
 *
 * @returns undefined when there was no such row
 * @example const taken = await takeResource(store, trx, 'users', tenantId, id, now, (row) => checkIfMatch(ifMatch, row.version))
 */
export async function takeResource<T extends 'users' | 'groups'>(
  store: StoreDialect,
  trx: Transaction<Database>,
  table: T,
  tenantId: string,
  id: string,
  now: string,
  check: (row: Selectable<Database[T]>) => void,
): Promise<Taken<Selectable<Database[T]>> | undefined> {
  // PostgreSQL text cannot hold U+0000 (the query would fail); no id contains it.
  if (id.includes('\u0000')) return undefined;
  const isGroup = table === 'groups';
  if (store.rowLocking === 'serialized') {
    const deleted = await trx
      .deleteFrom(table as 'users')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!deleted) return undefined;
    const row = deleted as Selectable<Database[T]>;
    check(row);
    const left = await leavingGroups(trx, tenantId, id, now).execute();
    await removingMemberships(trx, tenantId, id, isGroup).execute();
    return { deleted: row, left };
  }
  // The groups are locked by the CTE, whose count the delete's condition reads: it runs
  // (an InitPlan) before the delete takes the resource's row.
  const deleted = await trx
    .with('locked', (db) =>
      db
        .selectFrom('groups')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where((eb) =>
          eb.or([
            ...(isGroup ? [eb('id', '=', id)] : []),
            eb(
              'id',
              'in',
              eb
                .selectFrom('group_members')
                .select('group_id')
                .where('tenant_id', '=', tenantId)
                .where('member_id', '=', id),
            ),
          ]),
        )
        .orderBy('id')
        .forNoKeyUpdate(),
    )
    .deleteFrom(table as 'users')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where(sql<SqlBool>`(select count(*) from locked) >= 0`)
    .returningAll()
    .executeTakeFirst();
  if (!deleted) return undefined;
  const row = deleted as Selectable<Database[T]>;
  check(row);
  const left = await trx
    .with('left_groups', () => leavingGroups(trx, tenantId, id, now))
    // Built on the transaction, not on the CTE's creator, whose type knows left_groups too.
    .with('memberships', () => removingMemberships(trx, tenantId, id, isGroup) as never)
    .selectFrom('left_groups')
    .select(['id', 'version'])
    .execute();
  return { deleted: row, left };
}

/** The groups holding `memberId` get a new version and one member fewer, returning them. */
function leavingGroups(db: Kysely<Database>, tenantId: string, memberId: string, now: string) {
  return db
    .updateTable('groups')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now, member_count: eb('member_count', '-', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('group_members')
        .select('group_id')
        .where('tenant_id', '=', tenantId)
        .where('member_id', '=', memberId),
    )
    .returning(['id', 'version']);
}

/** The membership rows of `id` as a member, and as a group its own members' rows too. */
function removingMemberships(db: Kysely<Database>, tenantId: string, id: string, isGroup: boolean) {
  return db
    .deleteFrom('group_members')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('member_id', '=', id), ...(isGroup ? [eb('group_id', '=', id)] : [])]));
}
