import { randomUUID } from 'node:crypto';
import { userCreated } from '../../src/provisioning/resource-events.ts';
import { normalizeResource } from '../../src/scim/resource/normalize-resource.ts';
import { userNameKey } from '../../src/scim/resource/user-name-key.ts';
import { userResourceSchema } from '../../src/scim/schema/resource-types.ts';
import { nowIso } from '../../src/shared/clock.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { UserRow } from '../../src/store/resource-rows.ts';
import { UsersStore } from '../../src/store/users-store.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { TenantsService } from '../../src/tenants/tenants-service.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PER_TRANSACTION = 1000;

/**
 * Creates users of the `default` tenant as SCIM creates would store them (the row and its
 * `user.created` event), a thousand per write transaction: a directory of ten thousand in
 * seconds, where one request per user takes minutes on a busy machine. For tests whose
 * subject is what happens after; `baseUrl` is the SCIM base the events' locations use.
 *
 * @returns the users' ids, in the order of `userNames`
 */
export async function seedUsers(databaseUrl: string, userNames: readonly string[], baseUrl: string): Promise<string[]> {
  const store = openStore({ url: databaseUrl, poolSize: 1 });
  try {
    const tenant = await new TenantsService(store).findBySlug('default');
    if (!tenant) throw new Error('no default tenant');
    const users = new UsersStore(store);
    const schema = userResourceSchema();
    const ids: string[] = [];
    for (let start = 0; start < userNames.length; start += PER_TRANSACTION) {
      const now = nowIso();
      const rows = userNames.slice(start, start + PER_TRANSACTION).map((userName): UserRow => {
        const { resource } = normalizeResource(schema, { schemas: [USER], userName, active: true }, 'create');
        return {
          tenant_id: tenant.id,
          id: randomUUID(),
          user_name: userName,
          user_name_lower: userNameKey(userName),
          external_id: null,
          display_name: null,
          active: 1,
          password_hash: null,
          created_at: now,
          updated_at: now,
          version: 1,
          doc: resource,
        };
      });
      await writeTransaction(store, async (trx, outbox) => {
        for (const row of rows) {
          await trx.executeQuery(users.insert(row).compile());
          for (const event of userCreated({ tenantId: tenant.id, baseUrl }, row)) {
            await outbox.add({ tenantId: tenant.id }, event);
          }
        }
      });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  } finally {
    await store.close();
  }
}
