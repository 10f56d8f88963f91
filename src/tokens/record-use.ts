import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import type { BackgroundFailureLog } from './token-authenticator.ts';

/** A remembered token whose last use an instance records. */
export interface UsedToken {
  readonly id: string;
  /** When this instance last recorded its use (ms since the epoch), or null. */
  lastUsedMs: number | null;
}

/**
 * Records a token's use at most once a minute per token and instance, off the request's path;
 * a failure goes to `logFailure`.
 *
 * @example recordUse(store, 'tokens', accepted, Date.now(), logFailure)
 */
export function recordUse(
  store: StoreDialect,
  table: 'tokens' | 'app_tokens',
  token: UsedToken,
  nowMs: number,
  logFailure: BackgroundFailureLog,
): void {
  if (token.lastUsedMs !== null && nowMs - token.lastUsedMs < 60_000) return;
  token.lastUsedMs = nowMs;
  store.db
    .updateTable(table)
    .set({ last_used_at: new Date(nowMs).toISOString() })
    .where('id', '=', token.id)
    .execute()
    .catch((error: unknown) =>
      logFailure(
        `could not record the use of ${table === 'tokens' ? 'token' : 'application token'} ${token.id}`,
        error,
      ),
    );
}
