import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AttributeDefinitionsTable, Database, TenantsTable } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { NewMember } from './member-change.ts';
import { applyMemberChanges } from './member-writes.ts';
import type { GroupRow, UserRow } from './resource-rows.ts';
import { rowLockingOf } from './row-locking.ts';
import type { Transaction } from 'kysely';

/**
 * What an import writes, inside the one transaction it runs in: upserts by (tenant, id)
 * that keep the dump's versions and timestamps, and membership rows added when absent.
 * Run twice with the same rows, it leaves the database as the first run did.
 *
 * @example await DumpWrites.run(store, (writes) => writes.upsertUsers(rows))
 */
export class DumpWrites {
  /**
   * Runs `work` in one write transaction, never again: an import reads its input once, so
   * a deadlock with a live writer fails it (changing nothing) instead of retrying it.
   * It writes no change-feed events: a dump restores state, it is no IdP's change.
   */
  static run<T>(store: StoreDialect, work: (writes: DumpWrites) => Promise<T>): Promise<T> {
    return store.db.transaction().execute((trx) => work(new DumpWrites(store, trx)));
  }

  private constructor(
    private readonly store: StoreDialect,
    private readonly trx: Transaction<Database>,
  ) {}

  /** The transaction, for what the caller records with the import (audit events). */
  get db(): Kysely<Database> {
    return this.trx;
  }

  /** True when a write failed on a unique index (a row the checks before it did not foresee). */
  isUniqueViolation(error: unknown): boolean {
    return this.store.isUniqueViolation(error);
  }

  tenantBySlug(slug: string): Promise<Selectable<TenantsTable> | undefined> {
    return this.trx.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  tenantById(id: string): Promise<Selectable<TenantsTable> | undefined> {
    return this.trx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertTenant(row: Insertable<TenantsTable>): Promise<void> {
    await this.trx.insertInto('tenants').values(row).execute();
  }

  /** The tenant's definition with this id, and the one holding this (lower-cased) name. */
  async definitionsMatching(
    tenantId: string,
    id: string,
    nameLower: string,
  ): Promise<{ byId?: Selectable<AttributeDefinitionsTable>; byName?: Selectable<AttributeDefinitionsTable> }> {
    const rows = await this.trx
      .selectFrom('attribute_definitions')
      .selectAll()
      .where((eb) =>
        eb.or([eb('id', '=', id), eb.and([eb('tenant_id', '=', tenantId), eb('name_lower', '=', nameLower)])]),
      )
      .execute();
    const byId = rows.find((r) => r.id === id);
    const byName = rows.find((r) => r.tenant_id === tenantId && r.name_lower === nameLower);
    return { ...(byId ? { byId } : {}), ...(byName ? { byName } : {}) };
  }

  /** Writes a definition as given, inserting it or replacing the row with its id. */
  async upsertDefinition(row: Selectable<AttributeDefinitionsTable>): Promise<void> {
    const { id: _id, tenant_id: _tenant, ...fields } = row;
    await this.trx
      .insertInto('attribute_definitions')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(fields))
      .execute();
  }

  async countDefinitions(tenantId: string): Promise<number> {
    const row = await this.trx
      .selectFrom('attribute_definitions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Which user holds each of these userName keys in the tenant, by key. */
  async userNameHolders(tenantId: string, keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.trx
      .selectFrom('users')
      .select(['id', 'user_name_lower'])
      .where('tenant_id', '=', tenantId)
      .where('user_name_lower', 'in', keys)
      .execute();
    return new Map(rows.map((r) => [r.user_name_lower, r.id]));
  }

  /**
   * Inserts users, or replaces those with the same (tenant, id): everything but a password
   * hash, which a dump never carries (a user already here keeps its own; a new one has none).
   * The caller has checked that no other user holds their userNames.
   */
  async upsertUsers(rows: readonly UserRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.trx
      .insertInto('users')
      .values(rows.map((r) => ({ ...r, password_hash: null, doc: this.store.encodeDoc(r.doc) })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
          user_name: eb.ref('excluded.user_name'),
          user_name_lower: eb.ref('excluded.user_name_lower'),
          external_id: eb.ref('excluded.external_id'),
          display_name: eb.ref('excluded.display_name'),
          active: eb.ref('excluded.active'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
          version: eb.ref('excluded.version'),
          doc: eb.ref('excluded.doc'),
        })),
      )
      .execute();
  }

  /** Inserts groups, or replaces those with the same (tenant, id); membership rows and counts stay. */
  async upsertGroups(rows: readonly GroupRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.trx
      .insertInto('groups')
      .values(rows.map((r) => ({ ...r, doc: this.store.encodeDoc(r.doc) })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
          external_id: eb.ref('excluded.external_id'),
          display_name: eb.ref('excluded.display_name'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
          version: eb.ref('excluded.version'),
          doc: eb.ref('excluded.doc'),
        })),
      )
      .execute();
  }

  async groupExists(tenantId: string, id: string): Promise<boolean> {
    const row = await this.trx
      .selectFrom('groups')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Adds the members a group lacks (its count moves by the rows inserted; its version and
   * timestamp stay the dump's). Each member's type is what it is in the tenant.
   *
   * @returns how many rows were added, and the ids that name no user or group of the tenant
   * (when there are any, nothing was added)
   */
  async addMembers(
    tenantId: string,
    groupId: string,
    members: readonly NewMember[],
  ): Promise<{ added: number; missing: string[] }> {
    const notes: string[] = [];
    const known = new Set<string>();
    const ids = members.map((m) => m.value);
    // applyMemberChanges skips unknown ids; an import must name them, so find them first.
    for (const table of ['users', 'groups'] as const) {
      const rest = ids.filter((id) => !known.has(id));
      for (let i = 0; i < rest.length; i += 500) {
        const found = await this.trx
          .selectFrom(table)
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', rest.slice(i, i + 500))
          .execute();
        for (const row of found) known.add(row.id);
      }
    }
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) return { added: 0, missing };
    const added = await applyMemberChanges(
      this.trx,
      tenantId,
      groupId,
      [{ kind: 'add', members }],
      rowLockingOf(this.store),
      notes,
    );
    return { added, missing: [] };
  }
}
