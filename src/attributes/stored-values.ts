import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import type { JsonEdit } from '../store/dialect/json-edit.ts';

/** Where a custom attribute's values are stored: `doc[urn][name]` of the tenant's users. */
export interface ValuesOf {
  readonly tenantId: string;
  readonly urn: string;
  /** The canonical name, the key the normalizer stores values under. */
  readonly name: string;
}

/**
 * How many of the tenant's users hold a value of the attribute.
 *
 * @example await countValues(trx, store.jsonEdit, { tenantId, urn, name: 'badgeNumber' }) // 3
 */
export async function countValues(db: Kysely<Database>, edit: JsonEdit, at: ValuesOf): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('tenant_id', '=', at.tenantId)
    .where(edit.hasExtensionAttribute(sql.ref('doc'), at.urn, at.name))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Removes the attribute's values from every user of the tenant in one statement. Each user
 * changed gets a new version and lastModified, as any other change of its representation
 * does, so ETags and If-Match see it.
 *
 * @returns how many users held a value
 */
export async function removeValues(db: Kysely<Database>, edit: JsonEdit, at: ValuesOf, now: string): Promise<number> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({
      doc: edit.removeExtensionAttribute(sql.ref('doc'), at.urn, at.name),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('tenant_id', '=', at.tenantId)
    .where(edit.hasExtensionAttribute(sql.ref('doc'), at.urn, at.name))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
