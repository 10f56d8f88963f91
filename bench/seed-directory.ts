/**
 * Seeds a tenant's directory for the benchmarks: N users and one group of M of them,
 * written straight through the store in large transactions (what the API would store,
 * minus one fsync per user), so that a million users load in minutes.
 */
import type { StoreDialect } from '../src/store/dialect/store-dialect.ts';
import { openStore } from '../src/store/open-store.ts';
import { timeOrderedId } from '../src/shared/time-ordered-id.ts';

export interface SeededDirectory {
  /** The users' ids, in the order of their userName `user<i>@example.com`. */
  readonly ids: string[];
  readonly groupId: string;
}

/** The id of the tenant `default` in the database at `url` (Roster made it on its first start). */
export async function defaultTenantId(url: string): Promise<string> {
  const store = openStore({ url, poolSize: 1 });
  try {
    const tenant = await store.db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'default')
      .executeTakeFirstOrThrow();
    return tenant.id;
  } finally {
    await store.close();
  }
}

/** Seeds through a store of its own on `url`, the database a Roster instance serves. */
export async function seedDirectory(
  url: string,
  tenantId: string,
  users: number,
  members: number,
): Promise<SeededDirectory> {
  const store = openStore({ url, poolSize: 2 });
  try {
    return await seed(store, tenantId, users, members);
  } finally {
    await store.close();
  }
}

async function seed(store: StoreDialect, tenantId: string, users: number, members: number): Promise<SeededDirectory> {
  const db = store.db;
  const ids: string[] = [];
  const BATCH = 2000;
  for (let i = 0; i < users; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(users, i + BATCH); j++) {
      const created = Date.UTC(2026, 0, 1) + j * 1000;
      // As the server makes them (src/shared/time-ordered-id.ts).
      const id = timeOrderedId(created);
      ids.push(id);
      const now = new Date(created).toISOString();
      const doc = {
        schemas: [
          'urn:ietf:params:scim:schemas:core:2.0:User',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        ],
        externalId: `ext-${j}`,
        userName: `user${j}@example.com`,
        name: { givenName: `Given${j % 977}`, familyName: `Family${j % 1013}` },
        displayName: `User ${j}`,
        emails: [{ value: `user${j}@example.com`, type: 'work', primary: true }],
        active: true,
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: `Dept ${j % 50}` },
      };
      rows.push({
        tenant_id: tenantId,
        id,
        user_name: doc.userName,
        user_name_lower: doc.userName,
        external_id: doc.externalId,
        display_name: doc.displayName,
        active: 1,
        password_hash: null,
        created_at: now,
        updated_at: now,
        version: 1,
        doc: store.encodeDoc(doc),
      });
    }
    await db.insertInto('users').values(rows).execute();
  }
  const now = new Date().toISOString();
  const groupId = timeOrderedId(Date.parse(now));
  await db
    .insertInto('groups')
    .values({
      tenant_id: tenantId,
      id: groupId,
      external_id: 'big',
      display_name: 'Everyone',
      created_at: now,
      updated_at: now,
      version: 1,
      doc: store.encodeDoc({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Everyone' }),
    })
    .execute();
  for (let i = 0; i < members; i += BATCH) {
    await db
      .insertInto('group_members')
      .values(
        ids
          .slice(i, Math.min(members, i + BATCH))
          .map((id) => ({ tenant_id: tenantId, group_id: groupId, member_id: id, member_type: 'User' as const })),
      )
      .execute();
  }
  await db.updateTable('groups').set({ member_count: members }).where('id', '=', groupId).execute();
  if (store.kind === 'postgres') {
    const { sql } = await import('kysely');
    await sql`analyze`.execute(db);
  }
  return { ids, groupId };
}
