import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { GroupRow } from './resource-rows.ts';
import type { MemberChange } from './member-change.ts';
import { applyMemberChanges } from './member-writes.ts';

/** Reads and writes of group rows; membership rows change through {@link MemberChange}s. */
export class GroupsStore {
  constructor(private readonly store: StoreDialect) {}

  async find(tenantId: string, id: string): Promise<GroupRow | undefined> {
    const row = await this.store.db
      .selectFrom('groups')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { ...row, doc: this.store.decodeDoc(row.doc) } : undefined;
  }

  /** Inserts a group and its first members in one transaction. */
  async insert(row: GroupRow, members: readonly MemberChange[]): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('groups')
        .values({ ...row, doc: this.store.encodeDoc(row.doc) })
        .execute();
      await applyMemberChanges(trx, row.tenant_id, row.id, members);
    });
  }

  /**
   * Writes a changed group in one transaction. With `expectedVersion`, the document is
   * replaced only if nobody changed the group in between (else returns false). Without it,
   * only the version and timestamp move (member-only changes), so concurrent member
   * changes never conflict and none is lost.
   */
  async update(
    row: GroupRow,
    expectedVersion: number | undefined,
    members: readonly MemberChange[],
  ): Promise<{ version: number } | false> {
    return this.store.db.transaction().execute(async (trx) => {
      const version = await this.writeRow(trx, row, expectedVersion);
      if (version === undefined) return false;
      await applyMemberChanges(trx, row.tenant_id, row.id, members);
      return { version };
    });
  }

  private async writeRow(
    trx: Transaction<Database>,
    row: GroupRow,
    expectedVersion: number | undefined,
  ): Promise<number | undefined> {
    if (expectedVersion !== undefined) {
      const result = await trx
        .updateTable('groups')
        .set({
          external_id: row.external_id,
          display_name: row.display_name,
          updated_at: row.updated_at,
          version: expectedVersion + 1,
          doc: this.store.encodeDoc(row.doc),
        })
        .where('tenant_id', '=', row.tenant_id)
        .where('id', '=', row.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1 ? expectedVersion + 1 : undefined;
    }
    const bumped = await trx
      .updateTable('groups')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: row.updated_at }))
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .returning('version')
      .executeTakeFirst();
    return bumped?.version;
  }

  /** Deletes a group, its membership rows and its memberships in other groups. */
  async delete(tenantId: string, id: string, now: string, expectedVersion?: number): Promise<boolean> {
    return this.store.db.transaction().execute(async (trx) => {
      let query = trx.deleteFrom('groups').where('tenant_id', '=', tenantId).where('id', '=', id);
      if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
      const result = await query.executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await trx
        .updateTable('groups')
        .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('group_members')
            .select('group_id')
            .where('tenant_id', '=', tenantId)
            .where('member_id', '=', id),
        )
        .execute();
      await trx
        .deleteFrom('group_members')
        .where('tenant_id', '=', tenantId)
        .where((eb) => eb.or([eb('group_id', '=', id), eb('member_id', '=', id)]))
        .execute();
      return true;
    });
  }
}
