import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  readonly requestId: string;
  /** The outermost request: a Bulk operation runs as a request of its own inside the Bulk's. */
  readonly txn: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `work` as part of the HTTP request `requestId`: whatever it records (audit events,
 * change-feed events) carries the id, without every service taking it as a parameter. A
 * request made inside another (a Bulk operation) keeps the outer one's `txn`.
 *
 * @example runInRequest(request.id, done) // in an onRequest hook
 */
export function runInRequest<T>(requestId: string, work: () => T, txn = currentTxn() ?? requestId): T {
  return scope.run({ requestId, txn }, work);
}

/** The id of the HTTP request this code runs for; null outside one (CLI, timers). */
export function currentRequestId(): string | null {
  return scope.getStore()?.requestId ?? null;
}

/** The id shared by every change of one request or Bulk (the change feed's `txn`); null outside one. */
export function currentTxn(): string | null {
  return scope.getStore()?.txn ?? null;
}
