import type { Kysely, Migration } from 'kysely';
import { userNameKey } from '../../scim/resource/user-name-key.ts';

const PAGE = 1000;

/**
 * Recomputes `user_name_lower`, the unique key of userNames, with `userNameKey` (NFC and
 * full case folding) where it was `toLowerCase()`: `STRASSE` and `straße`, or `é` in NFC
 * and NFD, were two users. Rows are read a page at a time in key order and only changed
 * keys are written. Where two existing users now share a key, the one already holding it
 * keeps it and the other keeps its old key (still unique): a migration cannot choose
 * which user to refuse; the IdP's next write of either is then compared by the new key.
 */
export const userNameKeyMigration: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    let after: { tenant_id: string; id: string } | undefined;
    for (;;) {
      let query = db.selectFrom('users').select(['tenant_id', 'id', 'user_name', 'user_name_lower']);
      if (after) {
        const { tenant_id, id } = after;
        query = query.where((eb) =>
          eb.or([eb('tenant_id', '>', tenant_id), eb.and([eb('tenant_id', '=', tenant_id), eb('id', '>', id)])]),
        );
      }
      const rows = await query.orderBy('tenant_id').orderBy('id').limit(PAGE).execute();
      for (const row of rows) {
        const key = userNameKey(String(row.user_name));
        if (key === row.user_name_lower) continue;
        const holder = await db
          .selectFrom('users')
          .select('id')
          .where('tenant_id', '=', row.tenant_id)
          .where('user_name_lower', '=', key)
          .executeTakeFirst();
        if (holder) continue;
        await db
          .updateTable('users')
          .set({ user_name_lower: key })
          .where('tenant_id', '=', row.tenant_id)
          .where('id', '=', row.id)
          .execute();
      }
      if (rows.length < PAGE) return;
      after = rows.at(-1);
    }
  },
};
