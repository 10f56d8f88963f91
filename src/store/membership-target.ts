import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AttributeDef } from '../scim/schema/attribute.ts';
import { checkAlias } from './json-sql.ts';
import { unsupported, type AttributeTarget, type ElementFields, type SqlField } from './sql-field.ts';

const ref = (alias: string, column: string): RawBuilder<unknown> => sql.ref(`${checkAlias(alias)}.${column}`);
const column = (expr: RawBuilder<unknown>, nullable: boolean): SqlField => ({ kind: 'column', expr, nullable });

/**
 * What a member shows as `display` (as MembersStore reads it): the user's displayName,
 * else its userName, else the group's displayName.
 */
function memberDisplay(alias: string): RawBuilder<string | null> {
  const owner = sql`mem_u.tenant_id = ${ref(alias, 'tenant_id')} and mem_u.id = ${ref(alias, 'member_id')}`;
  const group = sql`mem_g.tenant_id = ${ref(alias, 'tenant_id')} and mem_g.id = ${ref(alias, 'member_id')}`;
  return sql`coalesce(
    (select coalesce(mem_u.display_name, mem_u.user_name) from users as mem_u where ${owner}),
    (select mem_g.display_name from groups as mem_g where ${group}))`;
}

/**
 * The sub-attributes of a `group_members` row seen as a member of its group: value,
 * type, display, and `$ref` when the base URL is known. For PATCH's
 * `remove members[...]` and the groups' `members` filters.
 *
 * @example memberFields('gm')({ name: 'value', ... }) // column gm.member_id
 */
export function memberFields(alias: string, baseUrl: string | undefined): ElementFields {
  return (sub: AttributeDef | undefined): SqlField => {
    switch (sub?.name) {
      case 'value':
        return column(ref(alias, 'member_id'), false);
      case 'type':
        return column(ref(alias, 'member_type'), false);
      case 'display':
        return column(memberDisplay(alias), true);
      case '$ref':
        if (baseUrl !== undefined) {
          const type = ref(alias, 'member_type');
          return column(sql`(${baseUrl + '/'} || ${type} || 's/' || ${ref(alias, 'member_id')})`, false);
        }
        break;
    }
    return unsupported(`members.${sub?.name ?? ''}`);
  };
}

/** A group's `members`: its `group_members` rows, in the group's tenant. */
export function membersOfGroup(outer: string, baseUrl: string | undefined): AttributeTarget {
  const rows = sql`group_members as mem
    where mem.tenant_id = ${ref(outer, 'tenant_id')} and mem.group_id = ${ref(outer, 'id')}`;
  const fields = memberFields('mem', baseUrl);
  return {
    kind: 'many',
    present: sql<SqlBool>`exists (select 1 from ${rows})`,
    any: (test) => sql<SqlBool>`exists (select 1 from ${rows} and ${test(fields)})`,
  };
}

/**
 * A user's `groups`: the groups with a membership row for the user (direct membership;
 * `type` is always "direct"), as UsersService renders them.
 */
export function groupsOfUser(outer: string, baseUrl: string | undefined): AttributeTarget {
  const rows = sql`group_members as ug
    join groups as ug_g on ug_g.tenant_id = ug.tenant_id and ug_g.id = ug.group_id
    where ug.tenant_id = ${ref(outer, 'tenant_id')} and ug.member_id = ${ref(outer, 'id')}`;
  const fields = (sub: AttributeDef | undefined): SqlField => {
    switch (sub?.name) {
      case 'value':
        return column(sql.ref('ug.group_id'), false);
      case 'display':
        return column(sql.ref('ug_g.display_name'), true);
      case 'type':
        return { kind: 'const', value: 'direct' };
      case '$ref':
        if (baseUrl !== undefined) return column(sql`(${baseUrl + '/Groups/'} || ug.group_id)`, false);
        break;
    }
    return unsupported(`groups.${sub?.name ?? ''}`);
  };
  return {
    kind: 'many',
    present: sql<SqlBool>`exists (select 1 from ${rows})`,
    any: (test) => sql<SqlBool>`exists (select 1 from ${rows} and ${test(fields)})`,
  };
}
