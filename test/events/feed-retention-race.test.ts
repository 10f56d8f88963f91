import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
import { EventsService, FeedGoneError } from '../../src/events/events-service.ts';
import type { StoreDialect } from '../../src/store/dialect/store-dialect.ts';
import { openStore } from '../../src/store/open-store.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { dialects, freshDatabase, type FreshDatabase } from '../helpers/dialects.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * Runs `between` once, right after the next read of the feed's counters returned and before
 * the caller sees it: a retention run (another instance's, or this one's timer) landing
 * between a reader's check of how far the feed was cut and its read of the events.
 */
function afterNextCountersRead(between: () => Promise<unknown>): KyselyPlugin & { arm(): void } {
  const counterReads = new WeakSet<QueryId>();
  let armed = false;
  return {
    arm: () => void (armed = true),
    transformQuery({ node, queryId }: { node: RootOperationNode; queryId: QueryId }) {
      if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"event_counters"')) {
        counterReads.add(queryId);
      }
      return node;
    },
    async transformResult({ result, queryId }) {
      if (armed && counterReads.has(queryId)) {
        armed = false;
        await between();
      }
      return result;
    },
  };
}

for (const dialect of await dialects()) {
  describe(`Change feed retention under a reader (${dialect})`, () => {
    let db: FreshDatabase;
    let store: StoreDialect;
    // Retention on a connection of its own, as another instance (or this one's timer) would run it.
    let prunerStore: StoreDialect;
    let pruner: EventsService;
    before(async () => {
      db = await freshDatabase(dialect);
      store = openStore({ url: db.url, poolSize: 2 });
      await migrateToLatest(store);
      prunerStore = openStore({ url: db.url, poolSize: 1 });
      pruner = new EventsService(prunerStore);
    });
    after(async () => {
      await pruner.stop();
      await prunerStore.close();
      await store.close();
      await db.drop();
    });

    it('should answer gone, never skip events, when retention cuts the feed while a page is read', async () => {
      const tenantId = 'tenant-a';
      await writeTransaction(store, async (_trx, outbox) => {
        for (let i = 1; i <= 10; i++) {
          await outbox.add(
            { tenantId },
            { type: 'user.updated', resourceType: 'User', resourceId: `u${i}`, version: 'W/"1"', data: {} },
          );
        }
      });
      await pruner.publishNow();
      const plugin = afterNextCountersRead(() => pruner.prune(new Date(Date.now() + 3_600_000).toISOString()));
      const reader = new EventsService({ ...store, db: store.db.withPlugin(plugin) });
      try {
        // The reader has read seq 1 to 3; retention deletes 1 to 10 while it reads the rest.
        plugin.arm();
        const outcome = await reader.read(tenantId, { after: 3, limit: 100, types: [] }).then(
          (page) => `a page of ${page.events.length} events, next ${page.next}`,
          (error: unknown) => (error instanceof FeedGoneError ? 'gone' : String(error)),
        );
        assert.equal(outcome, 'gone', 'seq 4 to 10 were deleted unread: the reader must start again from a snapshot');
      } finally {
        await reader.stop();
      }
    });
  });
}
