import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/**
 * Runs `work` as part of the HTTP request `requestId`: whatever it records (audit events)
 * carries the id, without every service taking it as a parameter.
 *
 * @example runInRequest(request.id, done) // in an onRequest hook
 */
export function runInRequest<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

/** The id of the HTTP request this code runs for; null outside one (CLI, timers). */
export function currentRequestId(): string | null {
  return scope.getStore() ?? null;
}
