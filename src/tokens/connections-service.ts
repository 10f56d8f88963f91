import { writeTransaction } from '../store/write-transaction.ts';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { activityOf, NO_ACTIVITY, type ConnectionActivity } from '../provisioning-log/connection-activity.ts';
import { AdminError } from '../shared/admin-error.ts';
import { nowIso, systemClock, type Clock } from '../shared/clock.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { outwaitRecentLookups } from './recent-lookups.ts';
import { findIdByPrefix } from './find-by-id-prefix.ts';
import { IDP_KINDS, type IdpKind } from './idp-kinds.ts';
import { idpName } from './token-view.ts';

/** An IdP connection as listed, with its SCIM URL, token count and recent activity. */
export interface ConnectionView extends ConnectionActivity {
  readonly id: string;
  readonly tenantId: string;
  readonly idpKind: string;
  /** The IdP's product name, e.g. `Okta`. */
  readonly idp: string;
  /** The display name an administrator chose (the product name by default). */
  readonly name: string;
  readonly createdAt: string;
  /** What to paste into the IdP: the same for every connection, the token decides the tenant. */
  readonly scimUrl: string;
  readonly tokens: number;
}

const MAX_NAME = 200;

/** A tenant's connections to identity providers. Every change records its audit event in the same transaction. */
export class ConnectionsService {
  /** `clock` places the last 24 hours of activity. */
  constructor(
    private readonly store: StoreDialect,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Creates a connection.
   *
   * @example await connections.create(tenantId, 'okta', { name: 'Okta (staging)', actor })
   */
  async create(tenantId: string, kind: IdpKind, options: { name?: string; actor?: Actor } = {}): Promise<string> {
    const id = randomUUID();
    const name = checkName(options.name ?? IDP_KINDS[kind]);
    await writeTransaction(this.store, async (trx) => {
      await trx
        .insertInto('idp_connections')
        .values({ id, tenant_id: tenantId, kind, name, created_at: nowIso() })
        .execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor: options.actor ?? SYSTEM_ACTOR,
        type: 'connection.created',
        targetId: id,
        idpKind: kind,
        details: { connection: name },
      });
    });
    return id;
  }

  /** The tenant's first connection of this kind, created when there is none. */
  async ensure(tenantId: string, kind: IdpKind, options: { name?: string; actor?: Actor } = {}): Promise<string> {
    const found = await this.store.db
      .selectFrom('idp_connections')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .orderBy('created_at')
      .executeTakeFirst();
    return found ? found.id : this.create(tenantId, kind, options);
  }

  /**
   * The tenant's connections, oldest first.
   *
   * @param scimUrl the SCIM base URL identity providers reach this Roster at
   */
  async list(tenantId: string, scimUrl: string): Promise<ConnectionView[]> {
    const rows = await this.store.db
      .selectFrom('idp_connections as c')
      .leftJoin('tokens as t', 't.connection_id', 'c.id')
      .select((eb) => [
        'c.id',
        'c.tenant_id',
        'c.kind',
        'c.name',
        'c.created_at',
        eb.fn.count<number | string>('t.id').as('tokens'),
      ])
      .where('c.tenant_id', '=', tenantId)
      .groupBy(['c.id', 'c.tenant_id', 'c.kind', 'c.name', 'c.created_at'])
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute();
    const activity = await activityOf(
      this.store.db,
      'connection_id',
      rows.map((r) => r.id),
      this.clock.now(),
    );
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      idpKind: r.kind,
      idp: idpName(r.kind),
      name: r.name,
      createdAt: r.created_at,
      scimUrl,
      tokens: Number(r.tokens),
      ...(activity.get(r.id) ?? NO_ACTIVITY),
    }));
  }

  /**
   * Renames a connection (by id or unique id prefix).
   *
   * @throws AdminError `not_found`, or `invalid` for an empty or overlong name.
   */
  async rename(
    tenantId: string,
    idOrPrefix: string,
    name: string,
    actor: Actor,
  ): Promise<{ id: string; name: string }> {
    const newName = checkName(name);
    return writeTransaction(this.store, async (trx) => {
      const id = await findIdByPrefix(trx, 'idp_connections', tenantId, idOrPrefix, 'connection');
      const row = await trx
        .selectFrom('idp_connections')
        .select(['kind', 'name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await trx.updateTable('idp_connections').set({ name: newName }).where('id', '=', id).execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: 'connection.renamed',
        targetId: id,
        idpKind: row.kind,
        details: { connection: newName, previousName: row.name },
      });
      return { id, name: newName };
    });
  }

  /**
   * Deletes a connection and its tokens: requests with them get 401 from now on.
   *
   * @throws AdminError `not_found`.
   */
  async delete(
    tenantId: string,
    idOrPrefix: string,
    actor: Actor,
  ): Promise<{ id: string; name: string; tokensDeleted: number }> {
    const deleted = await writeTransaction(this.store, async (trx) => {
      const id = await findIdByPrefix(trx, 'idp_connections', tenantId, idOrPrefix, 'connection');
      const row = await trx
        .selectFrom('idp_connections')
        .select(['kind', 'name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const tokens = await trx
        .deleteFrom('tokens')
        .where('connection_id', '=', id)
        .returning(['name', 'hint'])
        .execute();
      await trx.deleteFrom('idp_connections').where('id', '=', id).execute();
      await recordAuditEvent(trx, {
        tenantId,
        actor,
        type: 'connection.deleted',
        targetId: id,
        idpKind: row.kind,
        details: { connection: row.name, tokensDeleted: tokens.map((t) => ({ tokenName: t.name, hint: t.hint })) },
      });
      return { id, name: row.name, tokensDeleted: tokens.length };
    });
    // Answer only once no instance can still accept the deleted tokens.
    if (deleted.tokensDeleted > 0) await outwaitRecentLookups();
    return deleted;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_NAME) {
    throw new AdminError('invalid', 'connectionNameLength', { max: MAX_NAME });
  }
  return trimmed;
}
