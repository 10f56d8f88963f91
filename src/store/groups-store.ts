import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { GroupRow, StoredGroupRow } from './resource-rows.ts';
import type { MemberChange } from './member-change.ts';
import { applyMemberChanges, leaveAllGroups } from './member-writes.ts';
import { lockGroups, rowLockingOf, type RowLocking } from './row-locking.ts';
import { writeTransaction } from './write-transaction.ts';

/** Thrown inside a write transaction to roll it back: the group moved on, or nothing changed. */
class Rollback extends Error {
  constructor(
    readonly reason: 'stale' | 'unchanged',
    readonly notes: readonly string[] = [],
  ) {
    super(reason);
  }
}

/** A group write's outcome, with what its member changes left aside (see applyMemberChanges). */
export interface GroupWritten {
  readonly version: number;
  readonly updatedAt: string;
  readonly notes: readonly string[];
}

/** Reads and writes of group rows; membership rows change through {@link MemberChange}s. */
export class GroupsStore {
  private readonly locking: RowLocking;

  constructor(private readonly store: StoreDialect) {
    this.locking = rowLockingOf(store);
  }

  async find(tenantId: string, id: string): Promise<StoredGroupRow | undefined> {
    // PostgreSQL text cannot hold U+0000 (the query would fail); no id contains it.
    if (id.includes('\u0000')) return undefined;
    const row = await this.store.db
      .selectFrom('groups')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { ...row, member_count: Number(row.member_count), doc: this.store.decodeDoc(row.doc) } : undefined;
  }

  /**
   * Inserts a group and its first members in one transaction.
   * @returns what the member changes left aside (unknown ids, wrong types)
   */
  async insert(row: GroupRow, members: readonly MemberChange[]): Promise<readonly string[]> {
    return writeTransaction(this.store, async (trx) => {
      const notes: string[] = [];
      await trx
        .insertInto('groups')
        .values({ ...row, doc: this.store.encodeDoc(row.doc) })
        .execute();
      await applyMemberChanges(trx, row.tenant_id, row.id, members, this.locking, notes);
      return notes;
    });
  }

  /**
   * Writes a group's changes in one transaction. With `docChanged`, the document is
   * replaced only if the group is still at `expectedVersion` (else false). Otherwise only
   * membership rows change, and the version and timestamp move only when a row did
   * (RFC 7644 3.5.2.1: a PATCH that changes nothing keeps meta.lastModified); without
   * `expectedVersion` concurrent member changes never conflict and none is lost.
   *
   * @returns the group's version and last modification time after the write, or false
   * when the group changed (at a pinned version) or vanished in between
   */
  async update(
    row: GroupRow,
    expectedVersion: number | undefined,
    members: readonly MemberChange[],
    docChanged: boolean,
  ): Promise<GroupWritten | false> {
    if (docChanged && expectedVersion === undefined) {
      throw new Error('A group document is written only at the version it was read at');
    }
    try {
      return await writeTransaction(this.store, async (trx): Promise<GroupWritten | false> => {
        const notes: string[] = [];
        await lockGroups(trx, row.tenant_id, { groupId: row.id }, this.locking);
        if (docChanged) {
          const version = await this.writeDoc(trx, row, expectedVersion ?? 0);
          if (version === undefined) return false;
          await applyMemberChanges(trx, row.tenant_id, row.id, members, this.locking, notes);
          return { version, updatedAt: row.updated_at, notes };
        }
        // Write first: on SQLite the first statement's lock decides whether this transaction
        // waits for another process's writer or fails when its read snapshot went stale.
        const bumped = await this.bump(trx, row, expectedVersion);
        if (!bumped) throw new Rollback('stale');
        const touched = await applyMemberChanges(trx, row.tenant_id, row.id, members, this.locking, notes);
        if (touched === 0) throw new Rollback('unchanged', notes);
        return { ...bumped, notes };
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      if (error.reason === 'stale') return false;
      // Nothing changed (the version matched when checked): version and timestamp stay.
      const current = await this.current(row);
      return current ? { ...current, notes: error.notes } : false;
    }
  }

  private async writeDoc(
    trx: Transaction<Database>,
    row: GroupRow,
    expectedVersion: number,
  ): Promise<number | undefined> {
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

  /** A new version for changed members; at `expectedVersion` only, when one is given. */
  private async bump(
    trx: Transaction<Database>,
    row: GroupRow,
    expectedVersion: number | undefined,
  ): Promise<{ version: number; updatedAt: string } | undefined> {
    let query = trx
      .updateTable('groups')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: row.updated_at }))
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id);
    if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
    const bumped = await query.returning(['version', 'updated_at']).executeTakeFirst();
    return bumped && { version: bumped.version, updatedAt: bumped.updated_at };
  }

  private async current(row: GroupRow): Promise<{ version: number; updatedAt: string } | undefined> {
    const found = await this.store.db
      .selectFrom('groups')
      .select(['version', 'updated_at'])
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .executeTakeFirst();
    return found && { version: found.version, updatedAt: found.updated_at };
  }

  /** Deletes a group, its membership rows and its memberships in other groups. */
  async delete(tenantId: string, id: string, now: string, expectedVersion?: number): Promise<boolean> {
    return writeTransaction(this.store, async (trx) => {
      await lockGroups(trx, tenantId, { groupId: id, holding: id }, this.locking);
      let query = trx.deleteFrom('groups').where('tenant_id', '=', tenantId).where('id', '=', id);
      if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
      const result = await query.executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await leaveAllGroups(trx, tenantId, id, now);
      await trx.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', id).execute();
      return true;
    });
  }
}
