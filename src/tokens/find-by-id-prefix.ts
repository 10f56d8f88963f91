import type { Kysely } from 'kysely';
import { AdminError } from '../shared/admin-error.ts';
import type { Database } from '../store/database.ts';

const ID_TEXT = /^[0-9a-f-]{1,36}$/;

const NOT_FOUND = { token: 'noToken', connection: 'noConnectionById', webhook: 'noWebhook' } as const;
const AMBIGUOUS = { token: 'ambiguousToken', connection: 'ambiguousConnection', webhook: 'ambiguousWebhook' } as const;

/**
 * The id of the tenant's token, connection or webhook endpoint named by its full id or a unique prefix of
 * it (ids are UUIDs; a few characters usually suffice, as with git commits).
 *
 * @throws AdminError `not_found` when none matches, `invalid` when several do.
 * @example await findIdByPrefix(db, 'tokens', tenantId, '3f2a', 'token') // '3f2a9c…'
 */
export async function findIdByPrefix(
  db: Kysely<Database>,
  table: 'tokens' | 'idp_connections' | 'webhook_endpoints',
  tenantId: string,
  text: string,
  noun: 'token' | 'connection' | 'webhook',
): Promise<string> {
  const none = () => new AdminError('not_found', NOT_FOUND[noun], { text });
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
    throw new AdminError('invalid', AMBIGUOUS[noun], {
      text,
      ids: rows.map((r) => r.id).join(', '),
    });
  }
  return first.id;
}
