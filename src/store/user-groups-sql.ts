import { sql, type RawBuilder } from 'kysely';
import type { UserGroupRow } from './resource-rows.ts';

/**
 * The groups of the user row named `user` (a table or alias), by name, as a JSON array of
 * `{id, display}` (always an array: empty when the user is in none): read with the user in
 * one statement, where a second statement would cost a round trip (PostgreSQL's SQL).
 */
export function userGroupsJson(user: string): RawBuilder<unknown> {
  const u = sql.ref(user);
  return sql`(select coalesce(json_agg(json_build_object('id', g.id, 'display', g.display_name) order by g.display_name), '[]'::json)
        from group_members gm join groups g on g.tenant_id = gm.tenant_id and g.id = gm.group_id
        where gm.tenant_id = ${u}.tenant_id and gm.member_id = ${u}.id)`;
}

/** {@link userGroupsJson}'s column as the driver returns it, as the groups of user `userId`. */
export function userGroupsOf(userId: string, json: unknown): UserGroupRow[] {
  const groups = (typeof json === 'string' ? JSON.parse(json) : json) as { id: string; display: string | null }[];
  return groups.map((g) => ({ member_id: userId, group_id: g.id, display: g.display }));
}
