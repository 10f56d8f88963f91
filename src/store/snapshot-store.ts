import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { StoreDialect } from './dialect/store-dialect.ts';
import type { GroupRow, UserRow } from './resource-rows.ts';

/** Rows a snapshot reads at a time: a page of users with their groups stays small. */
const PAGE = 500;

/**
 * Every user of the tenant in pages, by id (the primary key's order), read in `via`
 * (the snapshot's transaction): constant memory whatever the directory's size.
 *
 * @example for await (const users of userPages(store, trx, tenantId)) write(users)
 */
export async function* userPages(
  store: StoreDialect,
  via: Kysely<Database>,
  tenantId: string,
): AsyncGenerator<UserRow[]> {
  let after: string | undefined;
  for (;;) {
    let query = via.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(PAGE).execute();
    if (rows.length > 0) yield rows.map((r) => ({ ...r, doc: store.decodeDoc(r.doc) }));
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Every group of the tenant in pages, by id, without members (read those per group). */
export async function* groupPages(
  store: StoreDialect,
  via: Kysely<Database>,
  tenantId: string,
): AsyncGenerator<GroupRow[]> {
  let after: string | undefined;
  for (;;) {
    let query = via
      .selectFrom('groups')
      .select(['tenant_id', 'id', 'external_id', 'display_name', 'created_at', 'updated_at', 'version', 'doc'])
      .where('tenant_id', '=', tenantId);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(PAGE).execute();
    if (rows.length > 0) yield rows.map((r) => ({ ...r, doc: store.decodeDoc(r.doc) }));
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}
