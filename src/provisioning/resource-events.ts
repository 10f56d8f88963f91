import { MEMBERS_PER_EVENT } from '../events/event-types.ts';
import type { EventMember, MembershipSink } from '../store/member-writes.ts';
import type { EventOrigin, NewEvent, Outbox } from '../store/outbox.ts';
import type { GroupRow, UserRow } from '../store/resource-rows.ts';
import { changedPaths } from './changed-paths.ts';
import { etagOf, renderGroup, renderUser } from './render.ts';
import type { RequestContext } from './request-context.ts';

/**
 * The change-feed events of user and group writes, as a write transaction adds them to
 * its outbox or a user's write hands them to writeResource. A resource's `data` is what SCIM returns for it, except what other events
 * carry: a user's `groups` (membership events say it) and a group's `members` (a million
 * members would not fit an event).
 */
export const originOf = (ctx: RequestContext): EventOrigin => ({
  tenantId: ctx.tenantId,
  connectionId: ctx.connectionId ?? null,
  idpKind: ctx.idpKind ?? null,
  txn: ctx.txn ?? null,
});

const userEvent = (type: string, row: UserRow, ctx: RequestContext, changed?: readonly string[]): NewEvent => ({
  type,
  resourceType: 'User',
  resourceId: row.id,
  version: etagOf(row.version),
  data: renderUser(row, [], ctx),
  ...(changed ? { changed } : {}),
});

const groupEvent = (type: string, row: GroupRow, ctx: RequestContext, changed?: readonly string[]): NewEvent => ({
  type,
  resourceType: 'Group',
  resourceId: row.id,
  version: etagOf(row.version),
  data: renderGroup(row, undefined, ctx),
  ...(changed ? { changed } : {}),
});

export const userCreated = (ctx: RequestContext, row: UserRow): NewEvent[] => [userEvent('user.created', row, ctx)];

/**
 * A user's update: `user.deactivated` or `user.reactivated` when `active` flipped, and
 * `user.updated` naming the paths when anything else changed (both, when both did).
 */
export function userUpdated(ctx: RequestContext, before: UserRow, after: UserRow): NewEvent[] {
  const paths = changedPaths(before.doc, after.doc);
  if (before.password_hash !== after.password_hash) paths.push('password');
  const others = paths.filter((p) => p !== 'active');
  const events: NewEvent[] = [];
  if (before.active !== after.active) {
    const type = after.active ? 'user.reactivated' : 'user.deactivated';
    events.push(userEvent(type, after, ctx, ['active']));
  }
  if (others.length > 0) events.push(userEvent('user.updated', after, ctx, others.sort()));
  return events;
}

/** A deletion's version is one past the last: a consumer keeping versions sees it as newer. */
export async function resourceDeleted(
  outbox: Outbox,
  ctx: RequestContext,
  kind: 'User' | 'Group',
  row: UserRow | GroupRow,
): Promise<void> {
  const gone = { ...row, version: row.version + 1 };
  await outbox.add(
    originOf(ctx),
    kind === 'User' ? userEvent('user.deleted', gone as UserRow, ctx) : groupEvent('group.deleted', gone, ctx),
  );
}

export const groupCreated = (ctx: RequestContext, row: GroupRow): NewEvent => groupEvent('group.created', row, ctx);

export const groupUpdated = (ctx: RequestContext, before: GroupRow, after: GroupRow): NewEvent =>
  groupEvent('group.updated', after, ctx, changedPaths(before.doc, after.doc));

/**
 * Turns what each membership statement added or removed into `group.members_added` /
 * `group.members_removed` events of up to MEMBERS_PER_EVENT members, all at the group's
 * new version, in the order the changes were made. Call `flush` when the changes are done.
 */
export class MembershipEvents {
  private kind: 'added' | 'removed' = 'added';
  private buffered: EventMember[] = [];

  constructor(
    private readonly outbox: Outbox,
    private readonly ctx: RequestContext,
    private readonly groupId: string,
    private readonly version: number,
  ) {}

  /** Pass as applyMemberChanges' sink. */
  readonly sink: MembershipSink = async (kind, members) => {
    if (kind !== this.kind) await this.flush();
    this.kind = kind;
    for (const member of members) {
      this.buffered.push(member);
      if (this.buffered.length === MEMBERS_PER_EVENT) await this.flush();
    }
  };

  async flush(): Promise<void> {
    if (this.buffered.length === 0) return;
    const members = this.buffered;
    this.buffered = [];
    await membersEvent(this.outbox, this.ctx, this.groupId, this.version, this.kind, members);
  }
}

/** One membership event. */
export async function membersEvent(
  outbox: Outbox,
  ctx: RequestContext,
  groupId: string,
  version: number,
  kind: 'added' | 'removed',
  members: readonly EventMember[],
): Promise<void> {
  await outbox.add(originOf(ctx), membersChanged(groupId, version, kind, members));
}

/** A membership event's content; `members` is null where the store fills them in (postgresWriteGroup). */
export const membersChanged = (
  groupId: string,
  version: number,
  kind: 'added' | 'removed',
  members: readonly EventMember[] | null,
): NewEvent => ({
  type: kind === 'added' ? 'group.members_added' : 'group.members_removed',
  resourceType: 'Group',
  resourceId: groupId,
  version: etagOf(version),
  data: members === null ? null : { members },
});
