import type { GroupRow, MemberRow, UserGroupRow, UserRow } from '../store/resource-rows.ts';

/** Where the SCIM API is served, e.g. `https://roster.example.com/scim/v2`. */
export interface ScimLocation {
  readonly baseUrl: string;
}

/** A weak entity tag from the row version (RFC 7644 section 3.14). */
export const etagOf = (version: number): string => `W/"${version}"`;

/** The version an `If-Match`/`If-None-Match` tag names, or undefined when it names none. */
export function versionOfEtag(tag: string): number | undefined {
  const m = /^(?:W\/)?"(\d+)"$/.exec(tag.trim());
  return m ? Number(m[1]) : undefined;
}

function meta(
  resourceType: 'User' | 'Group',
  row: { id: string; created_at: string; updated_at: string; version: number },
  where: ScimLocation,
): Record<string, unknown> {
  return {
    resourceType,
    created: row.created_at,
    lastModified: row.updated_at,
    location: `${where.baseUrl}/${resourceType}s/${row.id}`,
    version: etagOf(row.version),
  };
}

/** A stored user as a SCIM resource: the document plus id, groups and meta. */
export function renderUser(
  row: UserRow,
  groups: readonly UserGroupRow[],
  where: ScimLocation,
): Record<string, unknown> {
  const { schemas, ...attributes } = row.doc;
  return {
    schemas,
    id: row.id,
    ...attributes,
    ...(groups.length > 0
      ? {
          groups: groups.map((g) => ({
            value: g.group_id,
            $ref: `${where.baseUrl}/Groups/${g.group_id}`,
            display: g.display,
            type: 'direct',
          })),
        }
      : {}),
    meta: meta('User', row, where),
  };
}

/** A member as the `members` attribute shows it. */
export function renderMember(m: MemberRow, where: ScimLocation): Record<string, unknown> {
  return {
    value: m.member_id,
    $ref: `${where.baseUrl}/${m.member_type}s/${m.member_id}`,
    type: m.member_type,
    ...(m.display !== null ? { display: m.display } : {}),
  };
}

/** A stored group as a SCIM resource; `members` is given when it was read. */
export function renderGroup(
  row: GroupRow,
  members: readonly MemberRow[] | undefined,
  where: ScimLocation,
): Record<string, unknown> {
  const { schemas, ...attributes } = row.doc;
  return {
    schemas,
    id: row.id,
    ...attributes,
    ...(members && members.length > 0 ? { members: members.map((m) => renderMember(m, where)) } : {}),
    meta: meta('Group', row, where),
  };
}
