import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';

/**
 * A table is analyzed again once more rows than this, plus {@link ANALYZE_SCALE} of its rows,
 * changed since its last ANALYZE: autovacuum's own defaults.
 */
export const ANALYZE_BASE = 50;
export const ANALYZE_SCALE = 0.1;
const LOCK = 'roster.planner-stats';

/**
 * ANALYZEs the tables of Roster's schema whose rows changed enough since their last ANALYZE
 * (autovacuum's or this one's), in one transaction that another instance doing the same
 * skips. Fresh statistics matter beyond estimates: a prepared statement keeps the plan it was
 * given on its sixth run, made for the table sizes of that moment, until an ANALYZE of a
 * table it reads makes PostgreSQL plan it again. One planned while `group_members` was empty
 * read the whole tenant's memberships through the primary key for every listed user once the
 * table held 20,000 rows: 1 s a page of a cursor walk instead of 25 ms (BENCHMARKS.md).
 * Autovacuum does this where it runs, at its own pace (a minute between rounds by default);
 * where it is off nothing else would.
 *
 * @returns the tables analyzed (none when another instance held the lock)
 */
export async function refreshPostgresPlannerStats(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext(${LOCK})) as locked`.execute(
      trx,
    );
    if (lock.rows[0]?.locked !== true) return [];
    const stale = await sql<{ name: string }>`select s.relname as name
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.schemaname = current_schema()
          and s.n_mod_since_analyze > ${sql.lit(ANALYZE_BASE)} + ${sql.lit(ANALYZE_SCALE)} * greatest(c.reltuples, 0)
        order by s.relname`.execute(trx);
    const names = stale.rows.map((row) => row.name);
    for (const name of names) await sql`analyze ${sql.id(name)}`.execute(trx);
    return names;
  });
}
