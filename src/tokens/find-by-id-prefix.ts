import type { Kysely } from 'kysely';
import { AdminError } from '../shared/admin-error.ts';
import type { Database } from '../store/database.ts';

const ID_TEXT = /^[0-9a-f-]{1,36}$/;

/**
 * The id of the tenant's token or connection named by its full id or a unique prefix of
 * it (ids are UUIDs; a few characters usually suffice, as with git commits).
 *
 * @throws AdminError `not_found` when none matches, `invalid` when several do.
 * @example await findIdByPrefix(db, 'tokens', tenantId, '3f2a', 'token') // '3f2a9c…'
 */
export async function findIdByPrefix(
  db: Kysely<Database>,
  table: 'tokens' | 'idp_connections',
  tenantId: string,
  text: string,
  noun: 'token' | 'connection',
): Promise<string> {
  const none = () => new AdminError('not_found', noun === 'token' ? 'noToken' : 'noConnectionById', { text });
  const prefix = text.trim().toLowerCase();
  if (!ID_TEXT.test(prefix)) throw none();
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenantId)
    // The pattern holds hex digits and hyphens only: no LIKE wildcard to escape.
    .where('id', 'like', `${prefix}%`)
    .orderBy('id')
    .limit(3)
    .execute();
  const exact = rows.find((r) => r.id === prefix);
  if (exact) return exact.id;
  const [first, second] = rows;
  if (!first) throw none();
  if (second) {
    throw new AdminError('invalid', noun === 'token' ? 'ambiguousToken' : 'ambiguousConnection', {
      text,
      ids: rows.map((r) => r.id).join(', '),
    });
  }
  return first.id;
}
