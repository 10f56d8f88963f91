import type { RawBuilder, SqlBool, Transaction } from 'kysely';
import { ScimError } from '../scim/error.ts';
import type { Database } from './database.ts';
import type { MemberChange, NewMember } from './member-change.ts';
import type { RowLocking } from './row-locking.ts';

/** A member as a membership event names it. */
export interface EventMember {
  readonly value: string;
  readonly type: 'User' | 'Group';
}

/** Told of the members each statement added or removed, as it happens (the change feed). */
export type MembershipSink = (kind: 'added' | 'removed', members: readonly EventMember[]) => Promise<void>;

const memberOf = (row: { member_id: string; member_type: 'User' | 'Group' }): EventMember => ({
  value: row.member_id,
  type: row.member_type,
});

/** Rows per statement: 4 parameters a row stays far below both dialects' parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Applies membership changes row by row: never reads or rewrites the whole member list,
 * and moves the group's `member_count` by what was inserted less what was deleted. What a
 * change carried and Roster left aside (an id that names no User or Group, a wrong `type`)
 * is pushed onto `notes`, for the request's provisioning log entry.
 * @returns how many rows were inserted or deleted, so that a change that changed nothing
 * (adding a member twice, removing a non-member) can leave the group's version alone
 * @example await applyMemberChanges(trx, tenantId, groupId, [{ kind: 'remove', values: [id] }], 'serialized', [])
 */
export async function applyMemberChanges(
  trx: Transaction<Database>,
  tenantId: string,
  groupId: string,
  changes: readonly MemberChange[],
  locking: RowLocking,
  notes: string[],
  sink: MembershipSink = async () => undefined,
): Promise<number> {
  let added = 0;
  let removed = 0;
  const took = async (rows: readonly { member_id: string; member_type: 'User' | 'Group' }[]): Promise<void> => {
    removed += rows.length;
    if (rows.length > 0) await sink('removed', rows.map(memberOf));
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'add':
        added += await addMembers(trx, tenantId, groupId, change.members, locking, notes, sink);
        break;
      case 'remove':
        for (const part of chunks([...new Set(change.values)])) {
          await took(
            await trx
              .deleteFrom('group_members')
              .where('tenant_id', '=', tenantId)
              .where('group_id', '=', groupId)
              .where('member_id', 'in', part)
              .returning(['member_id', 'member_type'])
              .execute(),
          );
        }
        break;
      case 'removeWhere':
      case 'removeAll':
        // A chunk at a time, so that removing a million members never holds a million ids.
        for (;;) {
          const rows = await trx
            .deleteFrom('group_members')
            .where('tenant_id', '=', tenantId)
            .where('group_id', '=', groupId)
            .where('member_id', 'in', (eb) =>
              eb
                .selectFrom('group_members as gm')
                .select('gm.member_id')
                .where('gm.tenant_id', '=', tenantId)
                .where('gm.group_id', '=', groupId)
                .$if(change.kind === 'removeWhere', (q) => q.where((change as { where: RawBuilder<SqlBool> }).where))
                .limit(CHUNK),
            )
            .returning(['member_id', 'member_type'])
            .execute();
          await took(rows);
          if (rows.length < CHUNK) break;
        }
        break;
      default: {
        const never: never = change;
        throw new Error(`Unknown member change ${JSON.stringify(never)}`);
      }
    }
  }
  if (added !== removed) {
    // Writers of one group are ordered by its row lock (PostgreSQL) or run one at a time (SQLite).
    await trx
      .updateTable('groups')
      .set((eb) => ({ member_count: eb('member_count', '+', added - removed) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', groupId)
      .execute();
  }
  return added + removed;
}

/**
 * Inserts the members that exist in the tenant (users first, then groups); returns the
 * rows inserted. An id that names nothing is skipped and noted rather than failing the
 * batch: IdPs send many members at a time, and one stale reference must not block the
 * others (no dangling member is ever stored). A member's type is what the member is; a
 * different `type` sent with it is noted and ignored.
 */
async function addMembers(
  trx: Transaction<Database>,
  tenantId: string,
  groupId: string,
  members: readonly NewMember[],
  locking: RowLocking,
  notes: string[],
  sink: MembershipSink,
): Promise<number> {
  // See RowLocking: a member being added must not be deleted before this row commits.
  const lock = locking === 'rowLocks';
  let inserted = 0;
  const ids = [...new Set(members.map((m) => m.value))];
  if (ids.includes(groupId)) {
    throw new ScimError(400, 'invalidValue', `A group cannot be a member of itself (${groupId})`);
  }
  const found = new Map<string, 'User' | 'Group'>();
  for (const part of chunks(ids)) {
    const users = await trx
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .$if(lock, (q) => q.forKeyShare())
      .execute();
    for (const u of users) found.set(u.id, 'User');
    const rest = part.filter((id) => !found.has(id));
    if (rest.length > 0) {
      const groups = await trx
        .selectFrom('groups')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', rest)
        .$if(lock, (q) => q.forKeyShare())
        .execute();
      for (const g of groups) found.set(g.id, 'Group');
    }
    const known = part.filter((id) => found.has(id));
    if (known.length === 0) continue;
    const result = await trx
      .insertInto('group_members')
      .values(
        known.map((id) => ({ tenant_id: tenantId, group_id: groupId, member_id: id, member_type: found.get(id)! })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(['member_id', 'member_type'])
      .execute();
    // Rows already there are skipped by the conflict clause and not returned.
    inserted += result.length;
    if (result.length > 0) await sink('added', result.map(memberOf));
  }
  noteSkippedMembers(members, found, notes);
  return inserted;
}

/** At most this many ids are named in a note; the rest are counted. */
const NAMED_IN_NOTE = 20;

/** Notes the members an add left aside: ids that name no User or Group, and a `type` that is not what the member is. */
export function noteSkippedMembers(
  members: readonly NewMember[],
  found: ReadonlyMap<string, 'User' | 'Group'>,
  notes: string[],
): void {
  const named = (ids: readonly string[]): string =>
    ids
      .slice(0, NAMED_IN_NOTE)
      .map((id) => JSON.stringify(id))
      .join(', ') + (ids.length > NAMED_IN_NOTE ? ` and ${ids.length - NAMED_IN_NOTE} more` : '');
  const missing = [...new Set(members.map((m) => m.value).filter((id) => !found.has(id)))];
  if (missing.length > 0) notes.push(`members ${named(missing)}: skipped, no User or Group has this id`);
  const retyped = members.filter((m) => {
    const actual = found.get(m.value);
    return actual !== undefined && m.type !== undefined && m.type.toLowerCase() !== actual.toLowerCase();
  });
  for (const m of retyped.slice(0, NAMED_IN_NOTE)) {
    notes.push(
      `members ${JSON.stringify(m.value)}: type ${JSON.stringify(m.type)} ignored, it is a ${found.get(m.value)!}`,
    );
  }
}
