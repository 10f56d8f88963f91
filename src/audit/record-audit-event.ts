import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../shared/clock.ts';
import type { Database } from '../store/database.ts';
import { outboxOf } from '../store/outbox.ts';
import { IDP_KINDS, isIdpKind } from '../tokens/idp-kinds.ts';
import { actorLabel, type Actor } from './actor.ts';
import type { AuditDetailsByType } from './audit-details.ts';
import { targetTypeOf, type AuditEventType } from './audit-event-type.ts';

/** An event to record, with the details its type records. */
export interface AuditEventInput<T extends AuditEventType> {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly type: T;
  readonly targetId: string | null;
  /** The IdP the event concerns; its name goes into the details. */
  readonly idpKind?: string | null;
  readonly details: AuditDetailsByType[T];
}

/**
 * Records an audit event. Pass the transaction that makes the change, so the change and
 * its record commit or roll back together. Inside an HTTP request the event keeps the
 * request's id (the actor's `requestId`). Token and connection events also enter the change feed, so their
 * transaction must be one begun by writeTransaction (src/store/write-transaction.ts).
 *
 * @example
 * await writeTransaction(store, async (trx) => {
 *   await trx.updateTable('tokens').set({ status: 'inactive' }).where('id', '=', id).execute();
 *   await recordAuditEvent(trx, { tenantId, actor, type: 'token.deactivated', targetId: id, idpKind: 'entra', details: token });
 * });
 */
export async function recordAuditEvent<T extends AuditEventType>(
  db: Kysely<Database>,
  event: AuditEventInput<T>,
): Promise<void> {
  const kind = event.idpKind ?? null;
  const idp = kind !== null && isIdpKind(kind) ? { idp: IDP_KINDS[kind], idpKind: kind } : {};
  await db
    .insertInto('audit_events')
    .values({
      id: randomUUID(),
      tenant_id: event.tenantId,
      at: nowIso(),
      actor: actorLabel(event.actor),
      actor_kind: event.actor.kind,
      event_type: event.type,
      target_type: targetTypeOf(event.type),
      target_id: event.targetId,
      idp_kind: kind,
      details: JSON.stringify({ ...idp, ...event.details }),
      request_id: event.actor.requestId ?? null,
    })
    .execute();
  // Token and connection actions also go to the change feed, for the host application's own audit.
  if (FEED_TARGETS.has(targetTypeOf(event.type))) {
    await outboxOf(db).add(
      { tenantId: event.tenantId, idpKind: kind, txn: event.actor.requestId ?? null },
      {
        type: event.type,
        resourceType: targetTypeOf(event.type) === 'token' ? 'Token' : 'Connection',
        resourceId: event.targetId ?? '',
        version: null,
        data: { actor: actorLabel(event.actor), ...idp, ...event.details },
      },
    );
  }
}

const FEED_TARGETS: ReadonlySet<string> = new Set(['token', 'connection']);
