import type { StoreDialect } from './dialect/store-dialect.ts';

/**
 * How membership writes keep concurrent writers apart.
 *
 * `rowLocks` (PostgreSQL, many writers at once) takes row locks in one order everywhere:
 * first the group rows a write will change, in id order (`FOR NO KEY UPDATE`), then each
 * member it adds (`FOR KEY SHARE`, so a delete of that member waits for the new membership
 * row and removes it too, instead of missing it and leaving it orphaned), then membership
 * rows. The rare cycle left (two writers adding one member that a third deletes) is a
 * deadlock PostgreSQL breaks, and {@link writeTransaction} runs the loser again.
 *
 * `serialized` (SQLite) takes none: one write transaction runs at a time.
 */
export type RowLocking = 'rowLocks' | 'serialized';

/** The store's {@link StoreDialect.rowLocking}. */
export const rowLockingOf = (store: StoreDialect): RowLocking => store.rowLocking;
