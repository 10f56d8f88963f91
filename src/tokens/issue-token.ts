import { writeTransaction } from '../store/write-transaction.ts';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso, systemClock, type Clock } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { hashSecret, newSecret } from './token-secret.ts';

/** At most two live tokens per connection: one in use, one being rotated in. */
export const MAX_TOKENS_PER_CONNECTION = 2;

export interface IssueOptions {
  readonly name?: string;
  /** Whole days until the token expires; never when absent. */
  readonly expiresInDays?: number;
  /** Who issues it; `system` when absent. */
  readonly actor?: Actor;
}

export interface IssuedToken {
  readonly id: string;
  readonly connectionId: string;
  readonly name: string;
  /** Shown once; only its hash is stored. */
  readonly secret: string;
  readonly expiresAt: string | null;
}

/** A connection already has {@link MAX_TOKENS_PER_CONNECTION} tokens. */
export class TokenLimitError extends AdminError {
  constructor(connection: string) {
    super('limit', 'tooManyTokens', { connection, max: MAX_TOKENS_PER_CONNECTION });
  }
}

const DAY_MS = 86_400_000;
const MAX_NAME = 200;

/**
 * Issues a token for the connection and records `token.created`, in one transaction.
 *
 * @throws TokenLimitError when the connection already has {@link MAX_TOKENS_PER_CONNECTION} tokens;
 *   AdminError `not_found` for a connection not in the tenant, `invalid` for a bad name or lifetime.
 * @example const { secret } = await issueToken(store, tenantId, connectionId, { expiresInDays: 90 })
 */
export async function issueToken(
  store: StoreDialect,
  tenantId: string,
  connectionId: string,
  options: IssueOptions = {},
  clock: Clock = systemClock,
): Promise<IssuedToken> {
  const secret = newSecret();
  const now = nowIso(clock);
  const days = options.expiresInDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    throw new AdminError('invalid', 'tokenLifetime');
  }
  const expiresAt = days === undefined ? null : new Date(Date.parse(now) + days * DAY_MS).toISOString();
  const id = randomUUID();
  const name = checkName(options.name ?? `token-${secret.slice(-4)}`);
  await writeTransaction(store, async (trx) => {
    // Lock the connection row so two concurrent issues cannot both pass the count.
    const connection = await store
      .lockingReads(
        trx
          .selectFrom('idp_connections')
          .select(['id', 'kind', 'name'])
          .where('id', '=', connectionId)
          .where('tenant_id', '=', tenantId),
      )
      .executeTakeFirst();
    if (!connection) throw new AdminError('not_found', 'noConnection', { id: connectionId });
    const { count } = await trx
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('connection_id', '=', connectionId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_TOKENS_PER_CONNECTION) {
      throw new TokenLimitError(connection.name);
    }
    const hint = secret.slice(-4);
    await trx
      .insertInto('tokens')
      .values({
        id,
        tenant_id: tenantId,
        connection_id: connectionId,
        name,
        secret_hash: hashSecret(secret),
        hint,
        status: 'active',
        created_at: now,
        renewed_at: null,
        expires_at: expiresAt,
        last_used_at: null,
        lifetime_days: days ?? null,
        expiry_noticed_at: null,
      })
      .execute();
    await recordAuditEvent(trx, {
      tenantId,
      actor: options.actor ?? SYSTEM_ACTOR,
      type: 'token.created',
      targetId: id,
      idpKind: connection.kind,
      details: { connection: connection.name, tokenName: name, hint, expiresAt },
    });
  });
  return { id, connectionId, name, secret, expiresAt };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_NAME) {
    throw new AdminError('invalid', 'tokenNameLength', { max: MAX_NAME });
  }
  return trimmed;
}
