import { writeTransaction } from '../store/write-transaction.ts';
import { SYSTEM_ACTOR } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { nowIso, systemClock, type Clock } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import type { Kysely } from 'kysely';
import { compiledOnce } from '../store/compiled-once.ts';
import type { Database } from '../store/database.ts';
import { performance } from 'node:perf_hooks';
import { RecentLookups } from './recent-lookups.ts';
import { recordUse, type UsedToken } from './record-use.ts';
import { hashSecret } from './token-secret.ts';
import { isExpired } from './token-view.ts';

/** What a SCIM request's bearer token resolves to. */
export interface TokenPrincipal {
  readonly tokenId: string;
  readonly tenantId: string;
  readonly connectionId: string;
  readonly idpKind: string;
  /** The connection's display name. */
  readonly idpName: string;
}

/**
 * The outcome of presenting a secret. A known but refused token still names its tenant
 * and connection, so the refusal can go to that tenant's provisioning log.
 */
export type TokenCheck =
  | { readonly outcome: 'accepted'; readonly principal: TokenPrincipal }
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'inactive'; readonly principal: TokenPrincipal }
  | { readonly outcome: 'expired'; readonly principal: TokenPrincipal; readonly expiresAt: string };

/**
 * Where a write that does not decide the request's outcome reports its failure (the
 * server log). It is given what failed and the driver's error, never the secret.
 */
export type BackgroundFailureLog = (message: string, error: unknown) => void;

/** An accepted token as an instance remembers it between lookups. */
interface AcceptedToken extends UsedToken {
  readonly check: TokenCheck & { readonly outcome: 'accepted' };
  /** When the token expires (ms since the epoch), or null. */
  readonly expiresAtMs: number | null;
}

/**
 * Resolves presented secrets. An accepted token is remembered for RECENT_LOOKUP_MS (see
 * recent-lookups.ts): a request looks it up again after that, and every change that refuses
 * a token waits that long before it answers, so a token deactivated on one instance is
 * refused by all of them on the very next request.
 */
export class TokenAuthenticator {
  /** Every SCIM request runs it: compiled once (see compiledOnce). */
  private readonly lookup = compiledOnce((db: Kysely<Database>, secretHash: string) =>
    db
      .selectFrom('tokens as t')
      .innerJoin('idp_connections as c', 'c.id', 't.connection_id')
      .select([
        't.id',
        't.tenant_id',
        't.connection_id',
        't.name as token_name',
        't.hint',
        't.status',
        't.expires_at',
        't.last_used_at',
        't.expiry_noticed_at',
        'c.kind',
        'c.name',
      ])
      .where('t.secret_hash', '=', secretHash),
  );
  private readonly recent = new RecentLookups<AcceptedToken>();

  constructor(
    private readonly store: StoreDialect,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Looks the secret up by its hash (no comparison of secret bytes can leak timing).
   * The first time an expired token is presented, `token.expired` is recorded.
   *
   * @example if ((await authenticator.check(secret, logFailure)).outcome !== 'accepted') reply401()
   */
  async check(secret: string, logFailure: BackgroundFailureLog, requestId?: string): Promise<TokenCheck> {
    const secretHash = hashSecret(secret);
    const nowMs = this.clock.now().getTime();
    const known = this.recent.get(secretHash);
    if (known !== undefined && (known.expiresAtMs === null || known.expiresAtMs > nowMs)) {
      recordUse(this.store, 'tokens', known, nowMs, logFailure);
      return known.check;
    }
    const startedAt = performance.now();
    const [row] = await this.lookup(this.store.db, secretHash);
    if (!row) return { outcome: 'unknown' };
    const principal: TokenPrincipal = {
      tokenId: row.id,
      tenantId: row.tenant_id,
      connectionId: row.connection_id,
      idpKind: row.kind,
      idpName: row.name,
    };
    const now = nowIso(this.clock);
    if (row.expires_at !== null && isExpired(row.expires_at, now)) {
      if (row.expiry_noticed_at === null) await this.noticeExpiry(row, now, logFailure, requestId);
      return { outcome: 'expired', principal, expiresAt: row.expires_at };
    }
    if (row.status !== 'active') return { outcome: 'inactive', principal };
    const accepted: AcceptedToken = {
      check: { outcome: 'accepted', principal },
      id: row.id,
      expiresAtMs: row.expires_at === null ? null : Date.parse(row.expires_at),
      lastUsedMs: row.last_used_at === null ? null : Date.parse(row.last_used_at),
    };
    this.recent.remember(secretHash, accepted, startedAt);
    recordUse(this.store, 'tokens', accepted, Date.parse(now), logFailure);
    return accepted.check;
  }

  /** Records `token.expired` once: the conditional update lets one request, on one instance, win. */
  private async noticeExpiry(
    row: {
      id: string;
      tenant_id: string;
      kind: string;
      name: string;
      token_name: string;
      hint: string;
      expires_at: string | null;
    },
    now: string,
    logFailure: BackgroundFailureLog,
    requestId: string | undefined,
  ): Promise<void> {
    try {
      await writeTransaction(this.store, async (trx) => {
        const updated = await trx
          .updateTable('tokens')
          .set({ expiry_noticed_at: now })
          .where('id', '=', row.id)
          .where('expiry_noticed_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return;
        await recordAuditEvent(trx, {
          tenantId: row.tenant_id,
          actor: requestId === undefined ? SYSTEM_ACTOR : { ...SYSTEM_ACTOR, requestId },
          type: 'token.expired',
          targetId: row.id,
          idpKind: row.kind,
          details: { connection: row.name, tokenName: row.token_name, hint: row.hint, expiresAt: row.expires_at },
        });
      });
    } catch (error) {
      // The request is refused either way; the next presentation records the event.
      logFailure(`could not record the expiry of token ${row.id}`, error);
    }
  }
}
