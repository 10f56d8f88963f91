import { isDeepStrictEqual } from 'node:util';
import type { RawBuilder, SqlBool } from 'kysely';
import { ScimError } from '../scim/error.ts';
import type { Filter } from '../scim/filter/ast.ts';
import { applyPatch, type MemberOp } from '../scim/patch/index.ts';
import { normalizeResource } from '../scim/resource/normalize-resource.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import type { JsonSql } from '../store/json-sql.ts';
import { memberFilterToSql } from '../store/filter-sql.ts';
import { GroupsStore } from '../store/groups-store.ts';
import type { MemberChange, NewMember } from '../store/member-change.ts';
import { MembersStore } from '../store/members-store.ts';
import type { GroupRow, MemberRow, StoredGroupRow } from '../store/resource-rows.ts';
import { nowIso } from '../shared/clock.ts';
import { timeOrderedId } from '../shared/time-ordered-id.ts';
import { noteSkippedMembers } from '../store/member-writes.ts';
import { eventRow } from '../store/outbox.ts';
import { feedSignalOf } from '../store/feed-signal.ts';
import { writeOptimistically, writeResource, writeTransaction, type NotWritten } from '../store/write-transaction.ts';
import { MEMBERS_PER_EVENT } from '../events/event-types.ts';
import {
  groupCreated,
  groupUpdated,
  membersChanged,
  membersEvent,
  MembershipEvents,
  originOf,
  resourceDeleted,
} from './resource-events.ts';
import { checkIfMatch } from './preconditions.ts';
import { memberPages } from './member-pages.ts';
import { renderGroup } from './render.ts';
import type { RequestContext, WriteOptions } from './request-context.ts';
import { groupRowOf } from './stored-rows.ts';
import type { SchemaRegistry } from './schema-registry.ts';
import type { WriteResult } from './users-service.ts';

/** Groups and their membership rows. */
export class GroupsService {
  private readonly groups: GroupsStore;
  private readonly members: MembersStore;

  constructor(
    private readonly store: StoreDialect,
    private readonly schemas: SchemaRegistry,
  ) {
    this.groups = new GroupsStore(store);
    this.members = new MembersStore(store);
  }

  async create(ctx: RequestContext, body: unknown): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).group;
    const { resource, ignored } = normalizeResource(rs, body, 'create');
    const { members, ...doc } = resource;
    const now = nowIso();
    const row = toRow(ctx.tenantId, timeOrderedId(Date.parse(now)), doc, now, now, 1);
    const added = membersOf(members);
    const notes: string[] = [];
    if (added.length === 0) {
      // One statement with its event where the store can (PostgreSQL), as a user's POST.
      await writeResource(this.store, {
        read: async () => undefined,
        plan: async () => ({
          result: row,
          write: {
            statement: this.groups.insertStatement(row),
            origin: originOf(ctx),
            events: [groupCreated(ctx, row)],
          },
        }),
      });
    } else {
      await writeTransaction(this.store, async (trx, outbox) => {
        notes.length = 0;
        await this.groups.insert(trx, row);
        await outbox.add(originOf(ctx), groupCreated(ctx, row));
        const events = new MembershipEvents(outbox, ctx, row.id, row.version);
        await this.groups.applyMembers(trx, row, [{ kind: 'add', members: added }], notes, events.sink);
        await events.flush();
      });
    }
    return { resource: await this.render(ctx, row, true), version: row.version, ignored: [...ignored, ...notes] };
  }

  /**
   * Reads a group without its members; a response that shows them streams them from
   * {@link GroupsService.streamMembers}, so a group of any size is read in constant memory.
   */
  async get(ctx: RequestContext, id: string): Promise<{ row: StoredGroupRow; resource: Record<string, unknown> }> {
    const row = await this.find(ctx, id);
    return { row, resource: renderGroup(row, undefined, ctx) };
  }

  /**
   * A group's members, rendered as SCIM `members` values, one page at a time in a stable
   * order: whoever writes them out holds one page in memory, never the whole list.
   *
   * @example for await (const page of groups.streamMembers(ctx, id)) write(page)
   */
  streamMembers(ctx: RequestContext, groupId: string): AsyncGenerator<Record<string, unknown>[]> {
    return memberPages(this.members, ctx, groupId);
  }

  /** PUT: the body replaces the attributes and the whole member list. */
  async replace(ctx: RequestContext, id: string, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).group;
    const { resource, ignored } = normalizeResource(rs, body, 'replace');
    const { members, ...doc } = resource;
    const added = membersOf(members);
    const changes: MemberChange[] = [{ kind: 'removeAll' }];
    if (added.length > 0) changes.push({ kind: 'add', members: added });
    return this.write(ctx, id, options, () => ({ doc, changes, ignored }));
  }

  async patch(ctx: RequestContext, id: string, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).group;
    return this.write(ctx, id, options, (current) => {
      const result = applyPatch(rs, { ...current.doc, id: current.id }, body);
      const { id: _id, members: _members, ...doc } = result.resource;
      return {
        doc,
        changes: result.memberOps.flatMap((op) => toChanges(op, this.store.json)),
        ignored: result.ignored,
      };
    });
  }

  /** Deletes the group and its memberships; the groups it was a member of get a new version and an event each. */
  async delete(ctx: RequestContext, id: string, options: WriteOptions): Promise<void> {
    await writeTransaction(this.store, async (trx, outbox) => {
      const result = await this.groups.delete(trx, ctx.tenantId, id, nowIso(), (current) =>
        checkIfMatch(options.ifMatch, current.version),
      );
      if (!result) throw new ScimError(404, undefined, `Group ${id} not found`);
      await resourceDeleted(outbox, ctx, 'Group', result.deleted);
      for (const group of result.left) {
        await membersEvent(outbox, ctx, group.id, group.version, 'removed', [{ value: id, type: 'Group' }]);
      }
    });
  }

  private async find(ctx: RequestContext, id: string): Promise<StoredGroupRow> {
    const row = await this.groups.find(ctx.tenantId, id);
    if (!row) throw new ScimError(404, undefined, `Group ${id} not found`);
    return row;
  }

  /** The group with its members read in full: for write responses and small groups. */
  private async render(ctx: RequestContext, row: GroupRow, withMembers: boolean): Promise<Record<string, unknown>> {
    if (!withMembers) return renderGroup(row, undefined, ctx);
    const all: MemberRow[] = [];
    for await (const page of this.members.iterate(ctx.tenantId, row.id)) all.push(...page);
    return renderGroup(row, all, ctx);
  }

  /**
   * The one write path of a group, like a user's: read the group, check If-Match (412),
   * compute the change on that version, write the document and membership rows, and their
   * change-feed events. Where the store can (PostgreSQL), a small change is one statement
   * guarded by the version read, read and computed again when another writer got there
   * first ({@link GroupsService.writeInOne}); otherwise, and after three lost races, it runs
   * in one write transaction under the group's row lock, where concurrent writers queue
   * (PostgreSQL) or run one at a time (SQLite). None is lost. A change that changes
   * nothing (a rename to the same name, re-adding a member) keeps the version and
   * meta.lastModified (RFC 7644 3.5.2.1).
   */
  private async write(
    ctx: RequestContext,
    id: string,
    options: WriteOptions,
    change: GroupChange,
  ): Promise<WriteResult> {
    const written =
      (this.groups.writesInOne
        ? await writeOptimistically(this.store, () => this.writeInOne(ctx, id, options, change))
        : undefined) ?? (await this.writeLocked(ctx, id, options, change));
    return {
      resource: await this.render(ctx, written.row, false),
      version: written.row.version,
      ignored: [...written.ignored, ...written.notes],
    };
  }

  /**
   * A group's write in one statement (PostgreSQL): read the group, check If-Match, compute
   * the change, then write the document and the members added and removed, with their
   * events, only if the version read is still the group's ('lost' otherwise: read again).
   * A change with more members than one event carries, or one that empties the group or
   * removes by filter, or adds and removes one member, is 'declined': it runs under the lock.
   */
  private async writeInOne(
    ctx: RequestContext,
    id: string,
    options: WriteOptions,
    change: GroupChange,
  ): Promise<Written | NotWritten> {
    const current = await this.find(ctx, id);
    checkIfMatch(options.ifMatch, current.version);
    const { doc, changes, ignored } = change(current);
    const members = smallMemberChange(changes);
    if (!members) return 'declined';
    if (members.add.includes(id))
      throw new ScimError(400, 'invalidValue', `A group cannot be a member of itself (${id})`);
    const docChanged = !isDeepStrictEqual(doc, current.doc);
    const row = toRow(ctx.tenantId, id, doc, current.created_at, nowIso(), current.version + 1);
    const origin = originOf(ctx);
    const events = [
      ...(docChanged ? [{ kind: 'doc' as const, row: eventRow(origin, groupUpdated(ctx, current, row)) }] : []),
      ...members.order.map((kind) => ({ kind, row: eventRow(origin, membersChanged(id, row.version, kind, null)) })),
    ];
    const outcome = await this.groups.writeInOne(row, current.version, {
      docChanged,
      add: members.add,
      remove: members.remove,
      events,
    });
    if (!outcome.matched) return 'lost';
    const notes: string[] = [];
    noteSkippedMembers(members.added, outcome.found, notes);
    if (!outcome.written) return { row: current, ignored, notes };
    feedSignalOf(this.store).notify(new Set([ctx.tenantId]));
    return { row, ignored, notes };
  }

  /** A group's write in a write transaction, under the group's row lock (see {@link GroupsService.write}). */
  private async writeLocked(
    ctx: RequestContext,
    id: string,
    options: WriteOptions,
    change: GroupChange,
  ): Promise<Written> {
    const notes: string[] = [];
    return writeTransaction(this.store, async (trx, outbox) => {
      notes.length = 0;
      const current = await this.groups.findLocked(trx, ctx.tenantId, id);
      if (!current) throw new ScimError(404, undefined, `Group ${id} not found`);
      checkIfMatch(options.ifMatch, current.version);
      const { doc, changes, ignored } = change(current);
      // Deep equality, not JSON text: PostgreSQL's jsonb does not keep key order.
      const docChanged = !isDeepStrictEqual(doc, current.doc);
      const row = toRow(ctx.tenantId, id, doc, current.created_at, nowIso(), current.version + 1);
      if (docChanged) await outbox.add(originOf(ctx), groupUpdated(ctx, current, row));
      const events = new MembershipEvents(outbox, ctx, id, row.version);
      const touched = changes.length === 0 ? 0 : await this.groups.applyMembers(trx, row, changes, notes, events.sink);
      await events.flush();
      if (!docChanged && touched === 0) return { row: current, ignored, notes };
      await this.groups.write(trx, row);
      return { row, ignored, notes };
    });
  }
}

/** A write's change, computed on the group as read. */
type GroupChange = (current: GroupRow) => {
  doc: Record<string, unknown>;
  changes: readonly MemberChange[];
  ignored: readonly string[];
};

/** What a group's write wrote (the group as it was when nothing changed) and what it noted. */
interface Written {
  readonly row: GroupRow;
  readonly ignored: readonly string[];
  readonly notes: readonly string[];
}

/**
 * Membership changes one statement can make: adds and removes by id, of disjoint members
 * (so their order does not matter), at most one event's worth of each. The events come in
 * the order the kinds first appear. @returns undefined for any other change
 */
function smallMemberChange(
  changes: readonly MemberChange[],
): { add: string[]; remove: string[]; added: NewMember[]; order: ('added' | 'removed')[] } | undefined {
  const added: NewMember[] = [];
  const add = new Set<string>();
  const remove = new Set<string>();
  const order: ('added' | 'removed')[] = [];
  for (const change of changes) {
    if (change.kind === 'add') {
      for (const member of change.members) add.add(member.value);
      added.push(...change.members);
      if (change.members.length > 0 && !order.includes('added')) order.push('added');
    } else if (change.kind === 'remove') {
      for (const value of change.values) remove.add(value);
      if (change.values.length > 0 && !order.includes('removed')) order.push('removed');
    } else return undefined;
  }
  if (add.size > MEMBERS_PER_EVENT || remove.size > MEMBERS_PER_EVENT) return undefined;
  for (const value of add) if (remove.has(value)) return undefined;
  return { add: [...add], remove: [...remove], added, order };
}

function toRow(
  tenantId: string,
  id: string,
  doc: Record<string, unknown>,
  created: string,
  updated: string,
  version: number,
): GroupRow {
  return groupRowOf(tenantId, id, doc, { created, updated, version });
}

/** The members of a normalized POST/PUT body. */
function membersOf(members: unknown): NewMember[] {
  if (!Array.isArray(members)) return [];
  return members.map((m: Record<string, unknown>, i) => {
    if (typeof m.value !== 'string' || m.value === '') {
      throw new ScimError(400, 'invalidValue', `members[${i}].value must be the id of a User or Group`);
    }
    return typeof m.type === 'string' ? { value: m.value, type: m.type } : { value: m.value };
  });
}

/** A `members[filter]` path's filter as SQL; what SQL cannot compare is the path's fault. */
function memberFilterSql(filter: Filter, json: JsonSql): RawBuilder<SqlBool> {
  try {
    return memberFilterToSql(filter, { alias: 'gm', json });
  } catch (error) {
    if (error instanceof ScimError && error.scimType === 'invalidFilter') {
      throw new ScimError(400, 'invalidPath', `Invalid filter in path: ${error.message}`);
    }
    throw error;
  }
}

function toChanges(op: MemberOp, json: JsonSql): MemberChange[] {
  switch (op.kind) {
    case 'add':
      return [{ kind: 'add', members: op.members }];
    case 'remove':
      return [{ kind: 'remove', values: op.values }];
    case 'removeWhere':
      return [{ kind: 'removeWhere', where: memberFilterSql(op.filter, json) }];
    case 'removeAll':
      return [{ kind: 'removeAll' }];
    case 'replace':
      return op.members.length > 0
        ? [{ kind: 'removeAll' }, { kind: 'add', members: op.members }]
        : [{ kind: 'removeAll' }];
    default: {
      const never: never = op;
      throw new Error(`Unknown member op ${JSON.stringify(never)}`);
    }
  }
}
