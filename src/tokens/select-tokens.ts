import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';

/**
 * Tokens joined with their connection: the columns of a `TokenRow`, to narrow with
 * `where` and read.
 *
 * @example await selectTokens(db).where('t.tenant_id', '=', tenantId).execute()
 */
export function selectTokens(db: Kysely<Database>) {
  return db
    .selectFrom('tokens as t')
    .innerJoin('idp_connections as c', 'c.id', 't.connection_id')
    .select([
      't.id',
      't.tenant_id',
      't.name',
      't.hint',
      't.connection_id',
      'c.name as connection_name',
      'c.kind',
      't.status',
      't.created_at',
      't.renewed_at',
      't.expires_at',
      't.last_used_at',
      't.lifetime_days',
    ]);
}
