import type { Kysely } from 'kysely';
import { AdminError } from '../shared/admin-error.ts';
import type { Database } from '../store/database.ts';

const ID_TEXT = /^[0-9a-f-]{1,36}$/;

/** The messages of a lookup that finds none, or several. */
const NOUN_KEYS = {
  token: { none: 'noToken', ambiguous: 'ambiguousToken' },
  connection: { none: 'noConnectionById', ambiguous: 'ambiguousConnection' },
  'app token': { none: 'noAppToken', ambiguous: 'ambiguousAppToken' },
  webhook: { none: 'noWebhook', ambiguous: 'ambiguousWebhook' },
} as const;

/**
 * The id of the tenant's token or connection named by its full id or a unique prefix of
 * it (ids are UUIDs; a few characters usually suffice, as with git commits).
 *
 * @throws AdminError `not_found` when none matches, `invalid` when several do.
 * @example await findIdByPrefix(db, 'tokens', tenantId, '3f2a', 'token') // '3f2a9c…'
 */
export async function findIdByPrefix(
  db: Kysely<Database>,
  table: 'tokens' | 'idp_connections' | 'app_tokens' | 'webhook_endpoints',
  tenantId: string,
  text: string,
  noun: keyof typeof NOUN_KEYS,
): Promise<string> {
  const keys = NOUN_KEYS[noun];
  const none = () => new AdminError('not_found', keys.none, { text });
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
    throw new AdminError('invalid', keys.ambiguous, {
      text,
      ids: rows.map((r) => r.id).join(', '),
    });
  }
  return first.id;
}
