import type { StoreDialect } from './dialect/store-dialect.ts';

/** Told, after a commit, which tenants' events were written (and, on SQLite, published). */
export type FeedListener = (tenantIds: ReadonlySet<string>) => void;

/**
 * In-process news of committed outbox rows: the publisher (PostgreSQL) runs at once
 * instead of at its next tick, and long-polling readers wake. Other instances learn of the
 * rows from their own polling; this is a shortcut, never the source of truth.
 */
export class FeedSignal {
  private readonly listeners = new Set<FeedListener>();

  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(tenantIds: ReadonlySet<string>): void {
    if (tenantIds.size === 0) return;
    for (const listener of this.listeners) listener(tenantIds);
  }
}

const signals = new WeakMap<StoreDialect, FeedSignal>();

/** The store's one signal. */
export function feedSignalOf(store: StoreDialect): FeedSignal {
  let signal = signals.get(store);
  if (!signal) signals.set(store, (signal = new FeedSignal()));
  return signal;
}
