import type { StoreDialect } from './dialect/store-dialect.ts';
import { takeResource, type LeftGroup } from './resource-deletes.ts';
import type { UserGroupRow, UserRow } from './resource-rows.ts';
import { rowLockingOf } from './row-locking.ts';
import { compiledOnce, compiledQuery } from './compiled-once.ts';
import { MembersStore } from './members-store.ts';
import { userGroupsJson, userGroupsOf } from './user-groups-sql.ts';
import type { Database, UsersTable } from './database.ts';
import type { Compilable, Kysely, Selectable, Transaction } from 'kysely';

/** The database, or a transaction on it. */
export type Executor = Kysely<Database>;

/** Reads and writes of user rows. Uniqueness of userName is the database's unique index. */
export class UsersStore {
  /** `GET /Users/{id}` and every write start here: compiled once (see compiledOnce). */
  private readonly byId = compiledOnce((db: Executor, tenantId: string, id: string) =>
    db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
  );

  /**
   * `GET /Users/{id}` on PostgreSQL: the user and its groups in one statement (one round
   * trip instead of two), the groups as a JSON array ordered by name.
   */
  private readonly byIdWithGroups = compiledOnce((db: Executor, tenantId: string, id: string) =>
    db
      .selectFrom('users as u')
      .selectAll('u')
      .select(userGroupsJson('u').as('groups_json'))
      .where('u.tenant_id', '=', tenantId)
      .where('u.id', '=', id),
  );

  /** Every user created (POST, Bulk, import): compiled once, its columns never change. */
  private readonly insertRow = compiledQuery(
    (
      db: Executor,
      tenant_id: string,
      id: string,
      user_name: string,
      user_name_lower: string,
      external_id: string | null,
      display_name: string | null,
      active: number,
      password_hash: string | null,
      created_at: string,
      updated_at: string,
      version: number,
      doc: unknown,
    ) =>
      db
        .insertInto('users')
        .values({
          tenant_id,
          id,
          user_name,
          user_name_lower,
          external_id,
          display_name,
          active,
          password_hash,
          created_at,
          updated_at,
          version,
          doc,
        })
        .returning('id'),
  );

  /** Every PUT and PATCH of a user: compiled once, its columns never change. */
  private readonly updateRow = compiledQuery(
    (
      db: Executor,
      user_name: string,
      user_name_lower: string,
      external_id: string | null,
      display_name: string | null,
      active: number,
      password_hash: string | null,
      updated_at: string,
      version: number,
      doc: unknown,
      tenantId: string,
      id: string,
      expectedVersion: number,
    ) =>
      db
        .updateTable('users')
        .set({ user_name, user_name_lower, external_id, display_name, active, password_hash, updated_at, version, doc })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .returning('id'),
  );

  private readonly members: MembersStore;

  constructor(private readonly store: StoreDialect) {
    this.members = new MembersStore(store);
  }

  /**
   * A user and the groups it directly belongs to (what its `groups` shows). SQLite runs
   * two compiled statements (measured cheaper there than building and parsing JSON);
   * PostgreSQL one, saving a round trip (server and database CPU a GET: 0.87x).
   */
  async findWithGroups(tenantId: string, id: string): Promise<{ row: UserRow; groups: UserGroupRow[] } | undefined> {
    if (this.store.inProcess) {
      const row = await this.find(tenantId, id);
      return row && { row, groups: (await this.members.groupsOfUsers(tenantId, [id])).get(id) ?? [] };
    }
    if (id.includes('\u0000')) return undefined;
    const [found] = await this.byIdWithGroups(this.store.db, tenantId, id);
    if (!found) return undefined;
    const { groups_json: groupsJson, ...row } = found;
    return { row: { ...row, doc: this.store.decodeDoc(row.doc) }, groups: userGroupsOf(id, groupsJson) };
  }

  /**
   * Reads a user. Inside a transaction, `lock` holds the row until it ends (PostgreSQL's
   * FOR NO KEY UPDATE; SQLite's immediate transactions already hold the write lock).
   */
  async find(tenantId: string, id: string, via: Executor = this.store.db, lock = false): Promise<UserRow | undefined> {
    // PostgreSQL text cannot hold U+0000 (the query would fail); no id contains it.
    if (id.includes('\u0000')) return undefined;
    let row;
    if (lock && rowLockingOf(this.store) === 'rowLocks') {
      row = await via
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        // Not FOR UPDATE: that would also wait for every membership being added (KEY SHARE).
        .forNoKeyUpdate()
        .executeTakeFirst();
    } else {
      [row] = await this.byId(via, tenantId, id);
    }
    return row ? { ...row, doc: this.store.decodeDoc(row.doc) } : undefined;
  }

  /**
   * The insert of a user, returning its id; it fails with the dialect's unique violation
   * when the userName is taken. Run by writeResource.
   */
  insert(row: UserRow): Compilable<{ id: string }> {
    const doc = this.store.encodeDoc(row.doc);
    return {
      compile: () =>
        this.insertRow(
          this.store.db,
          row.tenant_id,
          row.id,
          row.user_name,
          row.user_name_lower,
          row.external_id,
          row.display_name,
          row.active,
          row.password_hash,
          row.created_at,
          row.updated_at,
          row.version,
          doc,
        ),
    };
  }

  /**
   * The replacement of a user's columns and document, returning its id when its version is
   * still `expectedVersion` (nothing when the row changed or vanished in between). Run by writeResource.
   */
  update(row: UserRow, expectedVersion: number): Compilable<{ id: string }> {
    const doc = this.store.encodeDoc(row.doc);
    return {
      compile: () =>
        this.updateRow(
          this.store.db,
          row.user_name,
          row.user_name_lower,
          row.external_id,
          row.display_name,
          row.active,
          row.password_hash,
          row.updated_at,
          row.version,
          doc,
          row.tenant_id,
          row.id,
          expectedVersion,
        ),
    };
  }

  /**
   * Deletes a user and its memberships inside the caller's write transaction, after
   * `check` saw it (If-Match); the groups it left get a new version (see takeResource).
   * @returns the user as it was and the groups it left, or undefined when there was none
   */
  async take(
    trx: Transaction<Database>,
    tenantId: string,
    id: string,
    now: string,
    check: (current: UserRow) => void,
  ): Promise<{ deleted: UserRow; left: LeftGroup[] } | undefined> {
    const decode = (row: Selectable<UsersTable>): UserRow => ({ ...row, doc: this.store.decodeDoc(row.doc) });
    const taken = await takeResource(this.store, trx, 'users', tenantId, id, now, (row) => check(decode(row)));
    return taken && { deleted: decode(taken.deleted), left: taken.left };
  }
}
