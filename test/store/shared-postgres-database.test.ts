import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { dialects, freshDatabase, PG_URL, type FreshDatabase } from '../helpers/dialects.ts';

// PostgreSQL only: SQLite has no schemas, and a SQLite file belongs to Roster alone.
const onPostgres = (await dialects()).includes('postgres');

describe(
  'a PostgreSQL database shared with other applications',
  { skip: !onPostgres && 'PostgreSQL not reachable' },
  () => {
    const others = Array.from({ length: 40 }, (_, i) => `other_app_${process.pid}_${i}`);
    let admin: pg.Client;

    before(async () => {
      admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      for (const schema of others) {
        await admin.query(`create schema ${schema}`);
        await admin.query(`create table ${schema}.items (id serial primary key, name text)`);
      }
    });
    after(async () => {
      for (const schema of others) await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    });

    it('should migrate its own schema while another application drops its schemas', async () => {
      const fresh: FreshDatabase[] = [];
      try {
        for (let i = 0; i < 6; i++) fresh.push(await freshDatabase('postgres'));
        const dropping = (async () => {
          for (const schema of others) await admin.query(`drop schema ${schema} cascade`);
        })();
        const migrated = await Promise.all(
          fresh.map(async (db) => {
            const store = openStore({ url: db.url, poolSize: 2 });
            try {
              return await migrateToLatest(store);
            } finally {
              await store.close();
            }
          }),
        );
        await dropping;
        for (const applied of migrated) assert.ok(applied.length >= 3, `all migrations applied: ${applied.join(', ')}`);
      } finally {
        for (const db of fresh) await db.drop();
      }
    });

    it("should never mistake another schema's tables for its own", async () => {
      const neighbour = `other_roster_${process.pid}`;
      const db = await freshDatabase('postgres');
      const store = openStore({ url: db.url, poolSize: 1 });
      try {
        // Another Roster (or anything with a table of that name) lives in another schema.
        await admin.query(`create schema ${neighbour}`);
        await admin.query(`create table ${neighbour}.roster_migrations (name text primary key, timestamp text)`);
        assert.ok((await migrateToLatest(store)).length >= 3);
        assert.deepEqual(await migrateToLatest(store), [], 'a second run applies nothing');
      } finally {
        await admin.query(`drop schema if exists ${neighbour} cascade`);
        await store.close();
        await db.drop();
      }
    });
  },
);
