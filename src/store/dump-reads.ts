import type { Kysely, Selectable } from 'kysely';
import type { AttributeDefinitionsTable, Database, TenantsTable } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { GroupRow, UserRow } from './resource-rows.ts';

/** Rows per query: each page is one index range, so memory stays flat however large the tenant. */
const PAGE = 1000;

/** One membership row as a dump carries it. */
export interface MembershipRow {
  readonly group_id: string;
  readonly member_id: string;
  readonly member_type: 'User' | 'Group';
}

/**
 * What an export reads, in primary-key order and a page at a time (keyset paging): the
 * tenants, then each tenant's attribute definitions, users, groups and membership rows.
 * Never a token, session, admin or password hash: the user pages leave `password_hash` out.
 * Run it inside {@link StoreDialect.readSnapshot} so that every page comes from one moment.
 *
 * @example await store.readSnapshot(async (db) => { for await (const page of new DumpReads(store, db).users(id)) ... })
 */
export class DumpReads {
  constructor(
    private readonly store: StoreDialect,
    private readonly db: Kysely<Database>,
  ) {}

  /** The tenants, by slug; only `slug` when one is named. */
  tenants(slug?: string): Promise<Selectable<TenantsTable>[]> {
    return this.db
      .selectFrom('tenants')
      .selectAll()
      .$if(slug !== undefined, (q) => q.where('slug', '=', slug!))
      .orderBy('slug')
      .execute();
  }

  /** A tenant's attribute definitions in the order they were defined (at most 200). */
  definitions(tenantId: string): Promise<Selectable<AttributeDefinitionsTable>[]> {
    return this.db
      .selectFrom('attribute_definitions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('name_lower')
      .execute();
  }

  /** A tenant's users by id, documents decoded, without their password hashes (always null here). */
  async *users(tenantId: string): AsyncGenerator<UserRow[]> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.db
        .selectFrom('users')
        .select([
          'tenant_id',
          'id',
          'user_name',
          'user_name_lower',
          'external_id',
          'display_name',
          'active',
          'created_at',
          'updated_at',
          'version',
          'doc',
        ])
        .where('tenant_id', '=', tenantId)
        .$if(after !== undefined, (q) => q.where('id', '>', after!))
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (rows.length > 0) yield rows.map((r) => ({ ...r, password_hash: null, doc: this.store.decodeDoc(r.doc) }));
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.id;
    }
  }

  /** A tenant's groups by id, documents decoded (members are rows of their own: {@link memberships}). */
  async *groups(tenantId: string): AsyncGenerator<GroupRow[]> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.db
        .selectFrom('groups')
        .select(['tenant_id', 'id', 'external_id', 'display_name', 'created_at', 'updated_at', 'version', 'doc'])
        .where('tenant_id', '=', tenantId)
        .$if(after !== undefined, (q) => q.where('id', '>', after!))
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (rows.length > 0) yield rows.map((r) => ({ ...r, doc: this.store.decodeDoc(r.doc) }));
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.id;
    }
  }

  /**
   * A tenant's membership rows in (group, member) order: one range of the primary key,
   * read a page at a time across groups, so a million-member group and a hundred thousand
   * small ones cost the same number of queries per row.
   */
  async *memberships(tenantId: string): AsyncGenerator<MembershipRow[]> {
    let after: MembershipRow | undefined;
    for (;;) {
      const rows = await this.db
        .selectFrom('group_members')
        .select(['group_id', 'member_id', 'member_type'])
        .where('tenant_id', '=', tenantId)
        .$if(after !== undefined, (q) =>
          q.where((eb) => eb(eb.refTuple('group_id', 'member_id'), '>', eb.tuple(after!.group_id, after!.member_id))),
        )
        .orderBy('group_id')
        .orderBy('member_id')
        .limit(PAGE)
        .execute();
      if (rows.length > 0) yield rows;
      if (rows.length < PAGE) return;
      after = rows.at(-1);
    }
  }
}
