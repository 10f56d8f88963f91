import { writeTransaction } from '../store/write-transaction.ts';
import type { Transaction } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import type { AuditDetailsByType } from '../audit/audit-details.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { nowIso, systemClock, type Clock } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { ConnectionsService } from './connections-service.ts';
import { findIdByPrefix } from './find-by-id-prefix.ts';
import type { IdpKind } from './idp-kinds.ts';
import { issueToken, type IssuedToken, type IssueOptions } from './issue-token.ts';
import { outwaitRecentLookups } from './recent-lookups.ts';
import { selectTokens } from './select-tokens.ts';
import { TokenAuthenticator, type BackgroundFailureLog, type TokenCheck } from './token-authenticator.ts';
import { hashSecret, newSecret } from './token-secret.ts';
import { toTokenView, type TokenRow, type TokenView } from './token-view.ts';

export type { TokenPrincipal } from './token-authenticator.ts';
export { MAX_TOKENS_PER_CONNECTION, TokenLimitError, type IssuedToken, type IssueOptions } from './issue-token.ts';

/** A renewed token, with its new secret (shown once). */
export interface RenewedToken {
  readonly token: TokenView;
  readonly secret: string;
}

const DAY_MS = 86_400_000;

/** A token action's event: what it records besides the token's own names. */
type TokenEvent =
  | { readonly type: 'token.activated' | 'token.deactivated' | 'token.deleted' }
  | {
      readonly type: 'token.renewed';
      readonly details: Pick<AuditDetailsByType['token.renewed'], 'previousHint' | 'hint' | 'expiresAt'>;
    };

/**
 * Bearer tokens of IdP connections: issue, list, activate, deactivate, renew, delete, and
 * authenticate. Each action records its audit event in the same transaction. A change that
 * refuses a token answers once every instance refuses it (see recent-lookups.ts): it applies
 * to the very next request, on every instance.
 */
export class TokensService {
  private readonly connections: ConnectionsService;
  private readonly authenticator: TokenAuthenticator;

  /** `clock` decides what has expired and when a new lifetime ends. */
  constructor(
    private readonly store: StoreDialect,
    private readonly clock: Clock = systemClock,
  ) {
    this.connections = new ConnectionsService(store, clock);
    this.authenticator = new TokenAuthenticator(store, clock);
  }

  /** The tenant's connection for this kind of IdP, created on first use. */
  ensureConnection(tenantId: string, kind: IdpKind, options: { name?: string; actor?: Actor } = {}): Promise<string> {
    return this.connections.ensure(tenantId, kind, options);
  }

  /**
   * Issues a token for the connection, with an optional lifetime in days.
   *
   * @throws TokenLimitError when the connection already has two tokens.
   * @example const { secret } = await tokens.issue(tenantId, connectionId, { name: 'prod', actor: { kind: 'cli' } })
   */
  issue(tenantId: string, connectionId: string, options: IssueOptions = {}): Promise<IssuedToken> {
    return issueToken(this.store, tenantId, connectionId, options, this.clock);
  }

  /** The tenant's tokens, by connection then age. */
  async list(tenantId: string): Promise<TokenView[]> {
    const rows = await selectTokens(this.store.db)
      .where('t.tenant_id', '=', tenantId)
      .orderBy('c.created_at')
      .orderBy('t.created_at')
      .execute();
    const now = nowIso(this.clock);
    return rows.map((r) => toTokenView(r, now));
  }

  /**
   * One token, by id or unique id prefix.
   *
   * @throws AdminError `not_found`, or `invalid` for an ambiguous prefix.
   */
  async get(tenantId: string, idOrPrefix: string): Promise<TokenView> {
    const id = await findIdByPrefix(this.store.db, 'tokens', tenantId, idOrPrefix, 'token');
    return toTokenView(
      await selectTokens(this.store.db).where('t.id', '=', id).executeTakeFirstOrThrow(),
      nowIso(this.clock),
    );
  }

  /** Lets the token authenticate again (an expired token stays refused: renew it). */
  activate(tenantId: string, idOrPrefix: string, actor: Actor): Promise<TokenView> {
    return this.setStatus(tenantId, idOrPrefix, actor, 'active');
  }

  /** Refuses the token from the very next request on. */
  deactivate(tenantId: string, idOrPrefix: string, actor: Actor): Promise<TokenView> {
    return this.setStatus(tenantId, idOrPrefix, actor, 'inactive');
  }

  /**
   * Replaces the secret: the old one stops working at once, the new one is returned once.
   * A token with a lifetime gets it again from now.
   */
  async renew(tenantId: string, idOrPrefix: string, actor: Actor): Promise<RenewedToken> {
    const secret = newSecret();
    const hint = secret.slice(-4);
    const token = await this.act(tenantId, idOrPrefix, actor, async (trx, row, now) => {
      const lifetimeMs = lifetimeOf(row);
      const expiresAt = lifetimeMs === null ? null : new Date(Date.parse(now) + lifetimeMs).toISOString();
      await trx
        .updateTable('tokens')
        .set({ secret_hash: hashSecret(secret), hint, renewed_at: now, expires_at: expiresAt, expiry_noticed_at: null })
        .where('id', '=', row.id)
        .execute();
      return { type: 'token.renewed', details: { previousHint: row.hint, hint, expiresAt } };
    });
    return { token, secret };
  }

  /** Deletes the token: requests with it get 401 from now on. */
  delete(tenantId: string, idOrPrefix: string, actor: Actor): Promise<TokenView> {
    return this.act(tenantId, idOrPrefix, actor, async (trx, row) => {
      await trx.deleteFrom('tokens').where('id', '=', row.id).execute();
      return { type: 'token.deleted' };
    });
  }

  /**
   * Resolves a presented secret, or says why it is refused. The bookkeeping writes it
   * makes (last use, the expiry's audit event) report failures to `logFailure`; the
   * expiry's event keeps `requestId`, the presenting request's id.
   */
  check(secret: string, logFailure: BackgroundFailureLog, requestId?: string): Promise<TokenCheck> {
    return this.authenticator.check(secret, logFailure, requestId);
  }

  private setStatus(
    tenantId: string,
    idOrPrefix: string,
    actor: Actor,
    status: 'active' | 'inactive',
  ): Promise<TokenView> {
    return this.act(tenantId, idOrPrefix, actor, async (trx, row) => {
      if (row.status === status) return undefined;
      await trx.updateTable('tokens').set({ status }).where('id', '=', row.id).execute();
      return { type: status === 'active' ? 'token.activated' : 'token.deactivated' };
    });
  }

  /** Runs one token action and records its event (none when it changed nothing), in one transaction. */
  private async act(
    tenantId: string,
    idOrPrefix: string,
    actor: Actor,
    change: (trx: Transaction<Database>, row: TokenRow, now: string) => Promise<TokenEvent | undefined>,
  ): Promise<TokenView> {
    let refuses = false;
    const view = await writeTransaction(this.store, async (trx) => {
      const id = await findIdByPrefix(trx, 'tokens', tenantId, idOrPrefix, 'token');
      const row = await selectTokens(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
      const now = nowIso(this.clock);
      const event = await change(trx, row, now);
      refuses = event !== undefined && event.type !== 'token.activated';
      if (event) {
        const base = { tenantId, actor, targetId: id, idpKind: row.kind };
        const token = { connection: row.connection_name, tokenName: row.name, hint: row.hint };
        await (event.type === 'token.renewed'
          ? recordAuditEvent(trx, { ...base, type: event.type, details: { ...token, ...event.details } })
          : recordAuditEvent(trx, { ...base, type: event.type, details: token }));
      }
      const after =
        event?.type === 'token.deleted'
          ? row
          : await selectTokens(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
      return toTokenView(after, now);
    });
    // Answer only once no instance can still accept the token as it was.
    if (refuses) await outwaitRecentLookups();
    return view;
  }
}

/** The lifetime to restart on renewal; tokens from before it was stored derive it. */
function lifetimeOf(row: TokenRow): number | null {
  if (row.lifetime_days !== null) return row.lifetime_days * DAY_MS;
  if (row.expires_at === null) return null;
  const days = Math.round((Date.parse(row.expires_at) - Date.parse(row.renewed_at ?? row.created_at)) / DAY_MS);
  return Math.max(1, days) * DAY_MS;
}
