import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import type { AppTokenDetails } from '../audit/audit-details.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso, systemClock, type Clock } from '../shared/clock.ts';
import { compiledOnce } from '../store/compiled-once.ts';
import type { Database } from '../store/database.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { writeTransaction } from '../store/write-transaction.ts';
import { findIdByPrefix } from '../tokens/find-by-id-prefix.ts';
import { outwaitRecentLookups, RecentLookups } from '../tokens/recent-lookups.ts';
import { recordUse, type UsedToken } from '../tokens/record-use.ts';
import type { BackgroundFailureLog } from '../tokens/token-authenticator.ts';
import { APP_TOKEN_PREFIX, hashSecret, newSecret } from '../tokens/token-secret.ts';
import { DEFAULT_APP_SCOPES, parseScopes, storedScopes, type AppScope } from './app-scopes.ts';
import type { AppPrincipal, AppTokenCheck, AppTokenView, IssuedAppToken } from './app-token-view.ts';

/** At most two live tokens per application: one in use, one being rotated in. */
export const MAX_TOKENS_PER_APPLICATION = 2;

export const MAX_APPLICATION_NAME = 200;

/** An application already has {@link MAX_TOKENS_PER_APPLICATION} tokens. */
export class AppTokenLimitError extends AdminError {
  constructor(name: string) {
    super('limit', 'tooManyAppTokens', { name, max: MAX_TOKENS_PER_APPLICATION });
  }
}

/** An accepted application token as an instance remembers it between lookups. */
interface AcceptedAppToken extends UsedToken {
  readonly check: AppTokenCheck & { readonly outcome: 'accepted' };
}

export interface IssueAppTokenOptions {
  /** The application's name: created with the first token, found again (in any case) after. */
  readonly name: string;
  /** For a new application, {@link DEFAULT_APP_SCOPES} when absent; for an existing one, absent or its own. */
  readonly scopes?: string | readonly string[];
  readonly actor: Actor;
}

type Row = {
  id: string;
  tenant_id: string;
  application_id: string;
  name: string;
  scopes: string;
  hint: string;
  status: 'active' | 'inactive';
  created_at: string;
  renewed_at: string | null;
  last_used_at: string | null;
};

const selectAppTokens = (db: Kysely<Database>) =>
  db
    .selectFrom('app_tokens as t')
    .innerJoin('applications as a', 'a.id', 't.application_id')
    .select([
      't.id',
      't.tenant_id',
      't.application_id',
      'a.name',
      'a.scopes',
      't.hint',
      't.status',
      't.created_at',
      't.renewed_at',
      't.last_used_at',
    ]);

const toView = (r: Row): AppTokenView => ({
  id: r.id,
  tenantId: r.tenant_id,
  applicationId: r.application_id,
  application: r.name,
  scopes: storedScopes(r.scopes),
  hint: r.hint,
  status: r.status,
  createdAt: r.created_at,
  renewedAt: r.renewed_at,
  lastUsedAt: r.last_used_at,
});

const detailsOf = (r: Row): AppTokenDetails => ({ application: r.name, scopes: storedScopes(r.scopes), hint: r.hint });

/**
 * Applications (the host application's own credentials) and their tokens: issue, list,
 * activate, deactivate, renew, delete, and authenticate. Mirrors IdP tokens: secrets start
 * `rsa_`, only their SHA-256 is stored, each action records its audit event in the same
 * transaction, and a change that refuses a token answers once every instance refuses it (see
 * tokens/recent-lookups.ts): it applies to the very next request everywhere.
 */
export class ApplicationsService {
  /** Every feed and SCIM request of an application runs it: compiled once. */
  private readonly lookup = compiledOnce((db: Kysely<Database>, secretHash: string) =>
    selectAppTokens(db).where('t.secret_hash', '=', secretHash),
  );
  private readonly recent = new RecentLookups<AcceptedAppToken>();

  constructor(
    private readonly store: StoreDialect,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Issues a token for the tenant's application of that name, creating the application
   * (with its scopes) when there is none.
   *
   * @throws AppTokenLimitError when the application has two tokens already; AdminError
   *   `invalid` for a bad name, unknown scopes, or scopes other than an existing application's.
   * @example const { secret } = await apps.issue(tenantId, { name: 'mirror', scopes: 'events:read', actor })
   */
  async issue(tenantId: string, options: IssueAppTokenOptions): Promise<IssuedAppToken> {
    const name = checkName(options.name);
    const asked = options.scopes === undefined ? undefined : parseScopes(options.scopes);
    const secret = newSecret(APP_TOKEN_PREFIX);
    const now = nowIso(this.clock);
    const id = randomUUID();
    const row = await writeTransaction(this.store, async (trx) => {
      const scopes = (asked ?? DEFAULT_APP_SCOPES).join(',');
      const inserted = await trx
        .insertInto('applications')
        .values({ id: randomUUID(), tenant_id: tenantId, name, name_key: name.toLowerCase(), scopes, created_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'name_key']).doNothing())
        .executeTakeFirst();
      const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      // Lock the application so two concurrent issues cannot both pass the count.
      const app = await this.store
        .lockingReads(
          trx
            .selectFrom('applications')
            .select(['id', 'name', 'scopes'])
            .where('tenant_id', '=', tenantId)
            .where('name_key', '=', name.toLowerCase()),
        )
        .executeTakeFirstOrThrow();
      if (!created && asked !== undefined && asked.join(',') !== app.scopes) {
        throw new AdminError('invalid', 'appScopesDiffer', { name: app.name, scopes: app.scopes });
      }
      const { count } = await trx
        .selectFrom('app_tokens')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('application_id', '=', app.id)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_TOKENS_PER_APPLICATION) throw new AppTokenLimitError(app.name);
      const hint = secret.slice(-4);
      await trx
        .insertInto('app_tokens')
        .values({
          id,
          tenant_id: tenantId,
          application_id: app.id,
          secret_hash: hashSecret(secret),
          hint,
          status: 'active',
          created_at: now,
          renewed_at: null,
          last_used_at: null,
        })
        .execute();
      const details = { application: app.name, scopes: storedScopes(app.scopes), hint };
      await recordAuditEvent(trx, {
        tenantId,
        actor: options.actor,
        type: 'app_token.created',
        targetId: id,
        details: created ? { ...details, applicationCreated: true } : details,
      });
      return selectAppTokens(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
    });
    return { token: toView(row), secret };
  }

  /** The tenant's application tokens, by application name then age. */
  async list(tenantId: string): Promise<AppTokenView[]> {
    const rows = await selectAppTokens(this.store.db)
      .where('t.tenant_id', '=', tenantId)
      .orderBy('a.name_key')
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute();
    return rows.map(toView);
  }

  /**
   * One token, by id or unique id prefix.
   *
   * @throws AdminError `not_found`, or `invalid` for an ambiguous prefix.
   */
  async get(tenantId: string, idOrPrefix: string): Promise<AppTokenView> {
    const id = await findIdByPrefix(this.store.db, 'app_tokens', tenantId, idOrPrefix, 'app token');
    return toView(await selectAppTokens(this.store.db).where('t.id', '=', id).executeTakeFirstOrThrow());
  }

  /** Lets the token authenticate again. */
  activate(tenantId: string, idOrPrefix: string, actor: Actor): Promise<AppTokenView> {
    return this.setStatus(tenantId, idOrPrefix, actor, 'active');
  }

  /** Refuses the token from the very next request on. */
  deactivate(tenantId: string, idOrPrefix: string, actor: Actor): Promise<AppTokenView> {
    return this.setStatus(tenantId, idOrPrefix, actor, 'inactive');
  }

  /** Replaces the secret: the old one stops working at once, the new one is returned once. */
  async renew(tenantId: string, idOrPrefix: string, actor: Actor): Promise<IssuedAppToken> {
    const secret = newSecret(APP_TOKEN_PREFIX);
    const hint = secret.slice(-4);
    const token = await this.act(tenantId, idOrPrefix, true, async (trx, row, now) => {
      await trx
        .updateTable('app_tokens')
        .set({ secret_hash: hashSecret(secret), hint, renewed_at: now })
        .where('id', '=', row.id)
        .execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: 'app_token.renewed',
        targetId: row.id,
        details: { ...detailsOf(row), hint, previousHint: row.hint },
      });
      return true;
    });
    return { token, secret };
  }

  /**
   * Deletes the token: requests with it get 401 from now on. The application's last token
   * takes the application with it (an application without tokens could do nothing).
   */
  delete(tenantId: string, idOrPrefix: string, actor: Actor): Promise<AppTokenView> {
    return this.act(tenantId, idOrPrefix, true, async (trx, row) => {
      await trx.deleteFrom('app_tokens').where('id', '=', row.id).execute();
      const left = await trx
        .selectFrom('app_tokens')
        .select('id')
        .where('application_id', '=', row.application_id)
        .executeTakeFirst();
      if (!left) await trx.deleteFrom('applications').where('id', '=', row.application_id).execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: 'app_token.deleted',
        targetId: row.id,
        details: left ? detailsOf(row) : { ...detailsOf(row), applicationDeleted: true },
      });
      return false;
    });
  }

  /**
   * Resolves a presented `rsa_` secret, or says why it is refused. Last use is recorded at
   * most once a minute, off the request's path; failures go to `logFailure`.
   */
  async check(secret: string, logFailure: BackgroundFailureLog): Promise<AppTokenCheck> {
    const secretHash = hashSecret(secret);
    const nowMs = this.clock.now().getTime();
    const known = this.recent.get(secretHash);
    if (known !== undefined) {
      recordUse(this.store, 'app_tokens', known, nowMs, logFailure);
      return known.check;
    }
    const startedAt = performance.now();
    const [row] = await this.lookup(this.store.db, secretHash);
    if (!row) return { outcome: 'unknown' };
    const principal: AppPrincipal = {
      tokenId: row.id,
      tenantId: row.tenant_id,
      applicationId: row.application_id,
      application: row.name,
      scopes: storedScopes(row.scopes),
    };
    if (row.status !== 'active') return { outcome: 'inactive', principal };
    const accepted: AcceptedAppToken = {
      check: { outcome: 'accepted', principal },
      id: row.id,
      lastUsedMs: row.last_used_at === null ? null : Date.parse(row.last_used_at),
    };
    this.recent.remember(secretHash, accepted, startedAt);
    recordUse(this.store, 'app_tokens', accepted, nowMs, logFailure);
    return accepted.check;
  }

  private setStatus(
    tenantId: string,
    idOrPrefix: string,
    actor: Actor,
    status: 'active' | 'inactive',
  ): Promise<AppTokenView> {
    return this.act(tenantId, idOrPrefix, status === 'inactive', async (trx, row) => {
      // Activating an active token records nothing, as with IdP tokens.
      if (row.status === status) return true;
      await trx.updateTable('app_tokens').set({ status }).where('id', '=', row.id).execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: status === 'active' ? 'app_token.activated' : 'app_token.deactivated',
        targetId: row.id,
        details: detailsOf(row),
      });
      return true;
    });
  }

  /** Runs one token action in one transaction; `change` records the event and says whether the token remains. */
  private async act(
    tenantId: string,
    idOrPrefix: string,
    refuses: boolean,
    change: (trx: Transaction<Database>, row: Row, now: string) => Promise<boolean>,
  ): Promise<AppTokenView> {
    const view = await writeTransaction(this.store, async (trx) => {
      const id = await findIdByPrefix(trx, 'app_tokens', tenantId, idOrPrefix, 'app token');
      const row = await selectAppTokens(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
      const remains = await change(trx, row, nowIso(this.clock));
      return toView(remains ? await selectAppTokens(trx).where('t.id', '=', id).executeTakeFirstOrThrow() : row);
    });
    // Answer only once no instance can still accept the token as it was.
    if (refuses) await outwaitRecentLookups();
    return view;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_APPLICATION_NAME) {
    throw new AdminError('invalid', 'appNameLength', { max: MAX_APPLICATION_NAME });
  }
  return trimmed;
}

export type { AppScope };
