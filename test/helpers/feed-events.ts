import { openStore } from '../../src/store/open-store.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';

/**
 * Appends `count` user.created events to a tenant's feed through the outbox, as a write
 * does (a second connection to the database: the service under test reads them as any
 * other instance's commits).
 */
export async function appendUserEvents(databaseUrl: string, tenantId: string, count: number): Promise<void> {
  const store = openStore({ url: databaseUrl, poolSize: 1 });
  try {
    for (let i = 0; i < count; i++) {
      await writeTransaction(store, async (_trx, outbox) => {
        const id = `u-${Date.now()}-${i}`;
        await outbox.add(
          { tenantId },
          {
            type: 'user.created',
            resourceType: 'User',
            resourceId: id,
            version: 'W/"1"',
            data: { id, userName: `user${i}` },
          },
        );
      });
    }
  } finally {
    await store.close();
  }
}
