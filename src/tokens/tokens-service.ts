import { randomUUID } from 'node:crypto';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { nowIso } from '../shared/clock.ts';
import { IDP_KINDS, type IdpKind } from './idp-kinds.ts';
import { hashSecret, newSecret } from './token-secret.ts';

/** At most two live tokens per connection: one in use, one being rotated in. */
export const MAX_TOKENS_PER_CONNECTION = 2;

/** What a SCIM request's bearer token resolves to. */
export interface TokenPrincipal {
  readonly tokenId: string;
  readonly tenantId: string;
  readonly connectionId: string;
  readonly idpKind: string;
  readonly idpName: string;
}

export interface IssuedToken {
  readonly id: string;
  readonly connectionId: string;
  readonly name: string;
  /** Shown once; only its hash is stored. */
  readonly secret: string;
  readonly expiresAt: string | null;
}

export class TokenLimitError extends Error {}

/** Connections to identity providers and their bearer tokens. */
export class TokensService {
  constructor(private readonly store: StoreDialect) {}

  /** The tenant's connection for this kind of IdP, created on first use. */
  async ensureConnection(tenantId: string, kind: IdpKind, name?: string): Promise<string> {
    const db = this.store.db;
    const found = await db
      .selectFrom('idp_connections')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .orderBy('created_at')
      .executeTakeFirst();
    if (found) return found.id;
    const id = randomUUID();
    await db
      .insertInto('idp_connections')
      .values({ id, tenant_id: tenantId, kind, name: name ?? IDP_KINDS[kind], created_at: nowIso() })
      .execute();
    return id;
  }

  /**
   * Issues a token for the connection. Refused when the connection already has
   * {@link MAX_TOKENS_PER_CONNECTION} tokens.
   */
  async issue(
    tenantId: string,
    connectionId: string,
    options: { name?: string; expiresInDays?: number } = {},
  ): Promise<IssuedToken> {
    const secret = newSecret();
    const now = nowIso();
    const expiresAt =
      options.expiresInDays === undefined
        ? null
        : new Date(Date.now() + options.expiresInDays * 86_400_000).toISOString();
    const id = randomUUID();
    const name = options.name ?? `token-${secret.slice(-4)}`;
    await this.store.db.transaction().execute(async (trx) => {
      // Lock the connection row so two concurrent issues cannot both pass the count.
      const locked = trx
        .selectFrom('idp_connections')
        .select('id')
        .where('id', '=', connectionId)
        .where('tenant_id', '=', tenantId);
      const connection = await (this.store.kind === 'postgres' ? locked.forUpdate() : locked).executeTakeFirst();
      if (!connection) throw new Error(`Connection ${connectionId} not found`);
      const { count } = await trx
        .selectFrom('tokens')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('connection_id', '=', connectionId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_TOKENS_PER_CONNECTION) {
        throw new TokenLimitError(
          `This connection already has ${MAX_TOKENS_PER_CONNECTION} tokens, the most it may have. ` +
            'Renew or delete one of them instead.',
        );
      }
      await trx
        .insertInto('tokens')
        .values({
          id,
          tenant_id: tenantId,
          connection_id: connectionId,
          name,
          secret_hash: hashSecret(secret),
          hint: secret.slice(-4),
          status: 'active',
          created_at: now,
          renewed_at: null,
          expires_at: expiresAt,
          last_used_at: null,
        })
        .execute();
    });
    return { id, connectionId, name, secret, expiresAt };
  }

  /**
   * Resolves a presented secret. Only active, unexpired tokens resolve; the lookup is by
   * hash, so no comparison of secret bytes can leak timing.
   */
  async authenticate(secret: string): Promise<TokenPrincipal | undefined> {
    const row = await this.store.db
      .selectFrom('tokens as t')
      .innerJoin('idp_connections as c', 'c.id', 't.connection_id')
      .select([
        't.id',
        't.tenant_id',
        't.connection_id',
        't.status',
        't.expires_at',
        't.last_used_at',
        'c.kind',
        'c.name',
      ])
      .where('t.secret_hash', '=', hashSecret(secret))
      .executeTakeFirst();
    const now = nowIso();
    if (!row || row.status !== 'active' || (row.expires_at !== null && row.expires_at <= now)) {
      return undefined;
    }
    this.touch(row.id, row.last_used_at, now);
    return {
      tokenId: row.id,
      tenantId: row.tenant_id,
      connectionId: row.connection_id,
      idpKind: row.kind,
      idpName: row.name,
    };
  }

  /** Records use at most once a minute per token, off the request's path. */
  private touch(id: string, lastUsedAt: string | null, now: string): void {
    const minuteAgo = new Date(Date.parse(now) - 60_000).toISOString();
    if (lastUsedAt !== null && lastUsedAt > minuteAgo) return;
    this.store.db
      .updateTable('tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute()
      .catch(() => undefined);
  }
}
