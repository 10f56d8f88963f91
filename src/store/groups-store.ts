import type { Compilable, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, EventsTable, GroupsTable } from './database.ts';
import type { GroupWriteOutcome } from './dialect/postgres-group-write.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { GroupRow, StoredGroupRow } from './resource-rows.ts';
import type { MemberChange } from './member-change.ts';
import { applyMemberChanges, type MembershipSink } from './member-writes.ts';
import { compiledOnce, compiledQuery } from './compiled-once.ts';
import { takeResource, type LeftGroup } from './resource-deletes.ts';
import { rowLockingOf, type RowLocking } from './row-locking.ts';

/** Reads and writes of group rows; membership rows change through {@link MemberChange}s. */
export class GroupsStore {
  private readonly locking: RowLocking;

  constructor(private readonly store: StoreDialect) {
    this.locking = rowLockingOf(store);
  }

  /**
   * Reads a group, through `via` (a transaction) when given; `lock` holds its row until the
   * transaction ends (PostgreSQL's FOR NO KEY UPDATE; SQLite's write transaction holds the
   * database already).
   */
  async find(
    tenantId: string,
    id: string,
    via: Kysely<Database> = this.store.db,
    lock = false,
  ): Promise<StoredGroupRow | undefined> {
    // PostgreSQL text cannot hold U+0000 (the query would fail); no id contains it.
    if (id.includes('\u0000')) return undefined;
    const [row] = await (lock && this.locking === 'rowLocks' ? groupByIdLocked : groupById)(via, tenantId, id);
    return row ? { ...row, member_count: Number(row.member_count), doc: this.store.decodeDoc(row.doc) } : undefined;
  }

  /** Inserts a group, inside the caller's write transaction. */
  async insert(trx: Transaction<Database>, row: GroupRow): Promise<void> {
    await trx.executeQuery(this.insertStatement(row).compile());
  }

  /** The insert of a group, returning its id (a write for writeResource). */
  insertStatement(row: GroupRow): Compilable<{ id: string }> {
    const doc = this.store.encodeDoc(row.doc);
    return {
      compile: () =>
        insertGroup(
          this.store.db,
          row.tenant_id,
          row.id,
          row.external_id,
          row.display_name,
          row.created_at,
          row.updated_at,
          row.version,
          doc,
        ),
    };
  }

  /** Reads a group inside a write transaction under its row lock: the version read is the one the write replaces. */
  findLocked(trx: Transaction<Database>, tenantId: string, id: string): Promise<StoredGroupRow | undefined> {
    return this.find(tenantId, id, trx, true);
  }

  /** Writes a locked group's columns and document (its version and timestamp among them). */
  async write(trx: Transaction<Database>, row: GroupRow): Promise<void> {
    const doc = this.store.encodeDoc(row.doc);
    await trx.executeQuery(
      updateGroup(trx, row.external_id, row.display_name, row.updated_at, row.version, doc, row.tenant_id, row.id),
    );
  }

  /** Whether {@link GroupsStore.writeInOne} can write a group (PostgreSQL). */
  get writesInOne(): boolean {
    return this.store.writeGroup !== undefined;
  }

  /**
   * Writes `row` (at the version after `expected`) with members added and removed, and
   * their events, in one statement, if the group is still at version `expected`; see
   * postgresWriteGroup. Only where {@link GroupsStore.writesInOne}.
   */
  writeInOne(
    row: GroupRow,
    expected: number,
    change: {
      readonly docChanged: boolean;
      readonly add: readonly string[];
      readonly remove: readonly string[];
      readonly events: readonly { kind: 'doc' | 'added' | 'removed'; row: Insertable<EventsTable> }[];
    },
  ): Promise<GroupWriteOutcome> {
    const write = this.store.writeGroup;
    if (!write) throw new Error('This store writes a group in a transaction');
    return write(this.store.db, {
      tenantId: row.tenant_id,
      groupId: row.id,
      version: expected,
      externalId: row.external_id,
      displayName: row.display_name,
      updatedAt: row.updated_at,
      doc: this.store.encodeDoc(row.doc),
      ...change,
    });
  }

  /** Applies membership changes to a locked group (see applyMemberChanges). */
  applyMembers(
    trx: Transaction<Database>,
    row: GroupRow,
    changes: readonly MemberChange[],
    notes: string[],
    sink: MembershipSink,
  ): Promise<number> {
    return applyMemberChanges(trx, row.tenant_id, row.id, changes, this.locking, notes, sink);
  }

  /**
   * Deletes a group, its membership rows and its memberships in other groups, inside the
   * caller's write transaction, after `check` saw it (If-Match); see takeResource.
   * @returns the deleted group and the groups it left (with their new versions), or undefined when there was none
   */
  async delete(
    trx: Transaction<Database>,
    tenantId: string,
    id: string,
    now: string,
    check: (current: StoredGroupRow) => void,
  ): Promise<{ deleted: StoredGroupRow; left: LeftGroup[] } | undefined> {
    const decode = (row: Selectable<GroupsTable>): StoredGroupRow => ({
      ...row,
      member_count: Number(row.member_count),
      doc: this.store.decodeDoc(row.doc),
    });
    const taken = await takeResource(this.store, trx, 'groups', tenantId, id, now, (row) => check(decode(row)));
    return taken && { deleted: decode(taken.deleted), left: taken.left };
  }
}

/** Every read of a group and every write of one start here: compiled once (see compiledOnce). */
const groupById = compiledOnce((db: Kysely<Database>, tenantId: string, id: string) =>
  db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);
const groupByIdLocked = compiledOnce((db: Kysely<Database>, tenantId: string, id: string) =>
  db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forNoKeyUpdate(),
);

/** Every group created: compiled once, its columns never change. */
const insertGroup = compiledQuery(
  (
    db: Kysely<Database>,
    tenant_id: string,
    id: string,
    external_id: string | null,
    display_name: string | null,
    created_at: string,
    updated_at: string,
    version: number,
    doc: unknown,
  ) =>
    db
      .insertInto('groups')
      .values({ tenant_id, id, external_id, display_name, created_at, updated_at, version, doc })
      .returning('id'),
);

/** Every write of a group's columns under its row lock (SQLite's member PATCH among them): compiled once. */
const updateGroup = compiledQuery(
  (
    db: Kysely<Database>,
    external_id: string | null,
    display_name: string | null,
    updated_at: string,
    version: number,
    doc: unknown,
    tenantId: string,
    id: string,
  ) =>
    db
      .updateTable('groups')
      .set({ external_id, display_name, updated_at, version, doc })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id),
);
