import { sql, type Kysely, type Migration } from 'kysely';

/** Counter rows per tenant and table on PostgreSQL: concurrent writers add to different rows. */
export const COUNT_SLOTS = 8;

const TABLES = ['users', 'groups'] as const;

/**
 * How many users and groups each tenant has, kept by triggers in the same transaction as
 * every insert and delete (SCIM, Bulk, import, a tenant's cascade alike), so an unfiltered
 * list reads a few rows instead of counting: `count(*)` took 85 ms on SQLite and 290 ms on
 * PostgreSQL at a million users (bench/RESULTS.md). On PostgreSQL a tenant's count is spread
 * over {@link COUNT_SLOTS} rows chosen by the writing backend, so concurrent writers never
 * queue on one hot row; statement-level triggers add a whole statement's rows at once. On
 * SQLite one row per tenant and table suffices (one writer at a time).
 */
export function resourceCountsMigration(kind: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // No foreign key to tenants: a tenant's cascade deletes its users and groups, whose
      // triggers then count down rows that must not vanish under them.
      await db.schema
        .createTable('resource_counts')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('resource_table', 'text', (c) => c.notNull())
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('n', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('resource_counts_pk', ['tenant_id', 'resource_table', 'slot'])
        .execute();
      for (const table of TABLES) {
        await (kind === 'postgres' ? postgresTriggers(db, table) : sqliteTriggers(db, table));
        await sql`insert into resource_counts (tenant_id, resource_table, slot, n)
          select tenant_id, ${table}, 0, count(*) from ${sql.table(table)} group by tenant_id`.execute(db);
      }
    },
  };
}

async function postgresTriggers(db: Kysely<any>, table: string): Promise<void> {
  for (const [event, rows, sign] of [
    ['insert', 'new', '+'],
    ['delete', 'old', '-'],
  ] as const) {
    const fn = sql.raw(`${table}_count_${event}`);
    await sql`create function ${fn}() returns trigger language plpgsql as $$
      begin
        insert into resource_counts (tenant_id, resource_table, slot, n)
          select tenant_id, ${sql.lit(table)}, pg_backend_pid() % ${sql.lit(COUNT_SLOTS)}, ${sql.raw(sign)}count(*)
          from changed_rows group by tenant_id
        on conflict (tenant_id, resource_table, slot) do update set n = resource_counts.n + excluded.n;
        return null;
      end $$`.execute(db);
    await sql`create trigger ${fn} after ${sql.raw(event)} on ${sql.table(table)}
      referencing ${sql.raw(rows)} table as changed_rows
      for each statement execute function ${fn}()`.execute(db);
  }
}

async function sqliteTriggers(db: Kysely<any>, table: string): Promise<void> {
  for (const [event, row, step] of [
    ['insert', 'new', 1],
    ['delete', 'old', -1],
  ] as const) {
    await sql`create trigger ${sql.raw(`${table}_count_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      begin
        insert into resource_counts (tenant_id, resource_table, slot, n)
          values (${sql.raw(row)}.tenant_id, ${sql.lit(table)}, 0, ${sql.lit(step)})
        on conflict (tenant_id, resource_table, slot) do update set n = n + ${sql.lit(step)};
      end`.execute(db);
  }
}
