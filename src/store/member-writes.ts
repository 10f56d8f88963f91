import type { Transaction } from 'kysely';
import { ScimError } from '../scim/error.ts';
import type { Database } from './database.ts';
import type { MemberChange, NewMember } from './member-change.ts';

/** Rows per statement: 4 parameters a row stays far below both dialects' parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Applies membership changes row by row: never reads or rewrites the whole member list. */
export async function applyMemberChanges(
  trx: Transaction<Database>,
  tenantId: string,
  groupId: string,
  changes: readonly MemberChange[],
): Promise<void> {
  for (const change of changes) {
    switch (change.kind) {
      case 'add':
        await addMembers(trx, tenantId, groupId, change.members);
        break;
      case 'remove':
        for (const part of chunks([...new Set(change.values)])) {
          await trx
            .deleteFrom('group_members')
            .where('tenant_id', '=', tenantId)
            .where('group_id', '=', groupId)
            .where('member_id', 'in', part)
            .execute();
        }
        break;
      case 'removeWhere':
        await trx
          .deleteFrom('group_members as gm')
          .where('gm.tenant_id', '=', tenantId)
          .where('gm.group_id', '=', groupId)
          .where(change.where)
          .execute();
        break;
      case 'removeAll':
        await trx
          .deleteFrom('group_members')
          .where('tenant_id', '=', tenantId)
          .where('group_id', '=', groupId)
          .execute();
        break;
      default: {
        const never: never = change;
        throw new Error(`Unknown member change ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Checks that each member exists in the tenant (users first, then groups) and inserts it. */
async function addMembers(
  trx: Transaction<Database>,
  tenantId: string,
  groupId: string,
  members: readonly NewMember[],
): Promise<void> {
  const ids = [...new Set(members.map((m) => m.value))];
  if (ids.includes(groupId)) {
    throw new ScimError(400, 'invalidValue', `A group cannot be a member of itself (${groupId})`);
  }
  for (const part of chunks(ids)) {
    const users = await trx
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .execute();
    const found = new Map<string, 'User' | 'Group'>(users.map((u) => [u.id, 'User']));
    const rest = part.filter((id) => !found.has(id));
    if (rest.length > 0) {
      const groups = await trx
        .selectFrom('groups')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', rest)
        .execute();
      for (const g of groups) found.set(g.id, 'Group');
    }
    const missing = part.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const shown = missing.slice(0, 5).map((id) => `"${id}"`).join(', ');
      throw new ScimError(
        400,
        'invalidValue',
        `members: no User or Group with id ${shown}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      );
    }
    const wrongType = members.find((m) => m.type !== undefined && found.get(m.value) !== undefined && m.type !== found.get(m.value));
    if (wrongType) {
      throw new ScimError(
        400,
        'invalidValue',
        `members: "${wrongType.value}" is a ${found.get(wrongType.value)}, not a ${wrongType.type}`,
      );
    }
    await trx
      .insertInto('group_members')
      .values(
        part.map((id) => ({
          tenant_id: tenantId,
          group_id: groupId,
          member_id: id,
          member_type: found.get(id) ?? 'User',
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
