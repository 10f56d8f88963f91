import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database, EventsTable } from '../database.ts';
import type { EventMember } from '../member-writes.ts';
import { EVENT_COLUMNS } from '../event-columns.ts';

/** A group's write of its document and a few members, as {@link postgresWriteGroup} makes it. */
export interface GroupWrite {
  readonly tenantId: string;
  readonly groupId: string;
  /** The version read: the write happens only if it is still the group's. */
  readonly version: number;
  /** The columns to write (the version becomes `version + 1`), the document as the driver wants it. */
  readonly externalId: string | null;
  readonly displayName: string | null;
  readonly updatedAt: string;
  readonly doc: unknown;
  readonly docChanged: boolean;
  /** Ids to add (users first, then groups; an id that names neither is skipped) and to remove. */
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /**
   * The events, in feed order: `group.updated` with its data (inserted if the document
   * changed), and the membership events whose `data` the statement fills with the members
   * it added or removed (inserted if there were any).
   */
  readonly events: readonly { readonly kind: 'doc' | 'added' | 'removed'; readonly row: Insertable<EventsTable> }[];
}

/** What the statement did. */
export interface GroupWriteOutcome {
  /** False: the group is gone or another writer moved its version; nothing was written. */
  readonly matched: boolean;
  /** The group row was written (its version moved): the document or its members changed. */
  readonly written: boolean;
  /** Which of the ids to add name a user or a group. */
  readonly found: ReadonlyMap<string, 'User' | 'Group'>;
  readonly added: readonly EventMember[];
  readonly removed: readonly EventMember[];
}

/** The columns an event row fills (the `data` of membership events the statement computes). */
const COLUMNS = EVENT_COLUMNS;

/** Parameters before the events': tenant, group, version, add, remove, external id, display name, updated at, doc, doc changed. */
const FIXED = 10;

/** A member list as the event's `data`, exactly as JSON.stringify writes `{ members }`. */
const membersJson = (source: string, order: string): string =>
  `(select '{"members":[' || string_agg('{"value":' || to_json(m.member_id)::text || ',"type":' || ` +
  `to_json(m.member_type)::text || '}', ',' order by ${order}) || ']}' from ${source})`;

const texts = new Map<string, string>();

function statementText(kinds: readonly string[]): string {
  const key = kinds.join(',');
  let text = texts.get(key);
  if (text !== undefined) return text;
  let n = FIXED + 1;
  const rows = kinds.map(
    (kind, i) =>
      `(${i}, '${kind}', ${COLUMNS.map((c) => (c === 'data' && kind !== 'doc' ? 'null' : `$${n++}`)).join(', ')})`,
  );
  const events =
    kinds.length === 0
      ? ''
      : `, e as (insert into events (${COLUMNS.join(', ')})
  select ${COLUMNS.filter((c) => c !== 'data')
    .map((c) => `v.${c}`)
    .join(', ')},
    case v.kind when 'added' then ${membersJson('ins m join wanted o on o.id = m.member_id', 'o.ord')}
      when 'removed' then ${membersJson('del m join unwanted o on o.id = m.member_id', 'o.ord')}
      else v.data end
  from (values ${rows.join(', ')}) as v (ord, kind, ${COLUMNS.join(', ')})
  where exists (select from w)
    and (v.kind = 'doc' or (v.kind = 'added' and exists (select from ins)) or (v.kind = 'removed' and exists (select from del)))
  order by v.ord)`;
  // Locks in RowLocking's order: the group, then each member added (KEY SHARE, so that a
  // delete of that member waits for this row and removes it too), then membership rows.
  // Members removed are found one primary-key probe each (`doomed`): with `member_id =
  // any($5)` the planner, its estimate of a group's size an average over groups, scanned the
  // whole group and filtered on member_id (10,000 rows for a 1-member remove, 7 ms). The
  // delete takes the rows by ctid alone: with the group's columns beside it, the planner
  // scanned the group again. The ctids are of this statement's snapshot, and membership rows
  // are only ever inserted and deleted, never updated.
  text = `with cur as (
  select id from groups where tenant_id = $1 and id = $2 and version = $3 for no key update
), wanted as (
  select id, ord from unnest($4::text[]) with ordinality as t (id, ord)
), unwanted as (
  select id, ord from unnest($5::text[]) with ordinality as t (id, ord)
), fu as (
  select id, 'User'::text as member_type from users
  where tenant_id = $1 and id = any($4::text[]) and exists (select from cur) for key share
), fg as (
  select id, 'Group'::text as member_type from groups
  where tenant_id = $1 and id = any($4::text[]) and id <> $2 and exists (select from cur) for key share
), found as (
  select id, member_type from fu union all select id, member_type from fg where id not in (select id from fu)
), ins as (
  insert into group_members (tenant_id, group_id, member_id, member_type)
  select $1, $2, id, member_type from found on conflict do nothing returning member_id, member_type
), doomed as (
  select m.ctid from unwanted u cross join lateral (
    select ctid from group_members where tenant_id = $1 and group_id = $2 and member_id = u.id limit 1
  ) m
  where exists (select from cur)
), del as (
  delete from group_members where ctid = any(array(select ctid from doomed)) returning member_id, member_type
), w as (
  update groups set external_id = $6, display_name = $7, updated_at = $8, version = $3 + 1, doc = $9,
    member_count = member_count + (select count(*) from ins) - (select count(*) from del)
  where tenant_id = $1 and id = $2 and exists (select from cur)
    and ($10::boolean or exists (select from ins) or exists (select from del))
  returning id
)${events}
select exists (select from cur) as matched, exists (select from w) as written,
  (select coalesce(json_agg(json_build_array(id, member_type)), '[]') from found) as found,
  (select coalesce(json_agg(json_build_array(m.member_id, m.member_type) order by o.ord), '[]')
    from ins m join wanted o on o.id = m.member_id) as added,
  (select coalesce(json_agg(json_build_array(m.member_id, m.member_type) order by o.ord), '[]')
    from del m join unwanted o on o.id = m.member_id) as removed`;
  texts.set(key, text);
  return text;
}

type Pairs = [string, 'User' | 'Group'][];

/**
 * PostgreSQL: a group's document and a few members (added and removed, disjoint) and the
 * change-feed events they make, in one data-modifying statement run autocommit: one round
 * trip where a transaction took nine (lock, read, check the members, insert, count, write
 * the document, the events, BEGIN and COMMIT). The statement locks the group only if its
 * version is still the one read; otherwise it writes nothing and says so, and the caller
 * reads again. A change that changes nothing (a member added twice, a non-member removed,
 * the same document) leaves the version alone and makes no event.
 *
 * @example const outcome = await postgresWriteGroup(db, { tenantId, groupId, version: 3, add: [userId], remove: [], ... })
 */
export async function postgresWriteGroup(via: Kysely<Database>, write: GroupWrite): Promise<GroupWriteOutcome> {
  const parameters: unknown[] = [
    write.tenantId,
    write.groupId,
    write.version,
    write.add,
    write.remove,
    write.externalId,
    write.displayName,
    write.updatedAt,
    write.doc,
    write.docChanged,
  ];
  for (const { kind, row } of write.events) {
    for (const column of COLUMNS) if (column !== 'data' || kind === 'doc') parameters.push(row[column] ?? null);
  }
  const text = statementText(write.events.map((e) => e.kind));
  const { rows } = await via.executeQuery<{
    matched: boolean;
    written: boolean;
    found: Pairs;
    added: Pairs;
    removed: Pairs;
  }>(CompiledQuery.raw(text, parameters));
  const result = rows[0]!;
  const members = (pairs: Pairs): EventMember[] => pairs.map(([value, type]) => ({ value, type }));
  return {
    matched: result.matched,
    written: result.written,
    found: new Map(result.found),
    added: members(result.added),
    removed: members(result.removed),
  };
}
