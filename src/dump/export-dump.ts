import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { DumpReads, type MembershipRow } from '../store/dump-reads.ts';
import type { GroupRow, UserRow } from '../store/resource-rows.ts';
import { DUMP_FORMAT, DUMP_VERSION, MEMBERS_PER_RECORD, type DumpHeader, type DumpRecord } from './dump-format.ts';

/** What an export wrote, counted. */
export interface ExportSummary {
  readonly tenants: readonly string[];
  readonly attributes: number;
  readonly users: number;
  readonly groups: number;
  readonly members: number;
  /** Lines between the header and the end record. */
  readonly records: number;
}

export interface ExportOptions {
  /** Only this tenant (by slug); every tenant when absent. */
  readonly tenant?: string | undefined;
  readonly customSchemaUrn: string;
  readonly exportedAt: string;
}

const line = (value: DumpHeader | DumpRecord): string => `${JSON.stringify(value)}\n`;

/**
 * Writes a dump (see dump-format.ts) of one tenant or all of them, read from one snapshot
 * of the database, a page at a time: `write` gets about a thousand lines at once and is
 * awaited, so memory stays flat however large the tenants and groups are.
 *
 * @example await exportDump(store, { customSchemaUrn: urn, exportedAt: nowIso() }, (text) => writeOut(text))
 */
export async function exportDump(
  store: StoreDialect,
  options: ExportOptions,
  write: (text: string) => Promise<void>,
): Promise<ExportSummary> {
  return store.readSnapshot(async (db) => {
    const reads = new DumpReads(store, db);
    const tenants = await reads.tenants(options.tenant);
    const counts = { attributes: 0, users: 0, groups: 0, members: 0, records: 0 };
    const out = async (records: readonly DumpRecord[]): Promise<void> => {
      if (records.length === 0) return;
      counts.records += records.length;
      await write(records.map(line).join(''));
    };
    await write(
      line({
        format: DUMP_FORMAT,
        version: DUMP_VERSION,
        exportedAt: options.exportedAt,
        customSchemaUrn: options.customSchemaUrn,
        tenants: tenants.map((t) => t.slug),
      }),
    );
    for (const t of tenants) {
      const tenant = t.slug;
      await out([{ kind: 'tenant', id: t.id, slug: t.slug, name: t.name, createdAt: t.created_at }]);
      const definitions = await reads.definitions(t.id);
      counts.attributes += definitions.length;
      await out(
        definitions.map((d) => ({
          kind: 'attribute',
          tenant,
          id: d.id,
          name: d.name,
          type: d.type,
          multiValued: d.multi_valued === 1,
          required: d.required === 1,
          caseExact: d.case_exact === 1,
          mutability: d.mutability,
          description: d.description,
          deprecated: d.deprecated === 1,
          createdAt: d.created_at,
          updatedAt: d.updated_at,
        })),
      );
      for await (const page of reads.users(t.id)) {
        counts.users += page.length;
        await out(page.map((u) => userRecord(tenant, u)));
      }
      for await (const page of reads.groups(t.id)) {
        counts.groups += page.length;
        await out(page.map((g) => groupRecord(tenant, g)));
      }
      let chunk: MembershipRow[] = [];
      const flush = async (): Promise<void> => {
        if (chunk.length === 0) return;
        counts.members += chunk.length;
        await out([membersRecord(tenant, chunk)]);
        chunk = [];
      };
      for await (const page of reads.memberships(t.id)) {
        for (const row of page) {
          if (chunk.length === MEMBERS_PER_RECORD || (chunk.length > 0 && chunk[0]!.group_id !== row.group_id)) {
            await flush();
          }
          chunk.push(row);
        }
      }
      await flush();
    }
    await write(line({ kind: 'end', records: counts.records }));
    return { tenants: tenants.map((t) => t.slug), ...counts };
  });
}

function userRecord(tenant: string, u: UserRow): DumpRecord {
  return {
    kind: 'user',
    tenant,
    id: u.id,
    userName: u.user_name,
    doc: u.doc,
    created: u.created_at,
    lastModified: u.updated_at,
    version: Number(u.version),
  };
}

function groupRecord(tenant: string, g: GroupRow): DumpRecord {
  return {
    kind: 'group',
    tenant,
    id: g.id,
    doc: g.doc,
    created: g.created_at,
    lastModified: g.updated_at,
    version: Number(g.version),
  };
}

function membersRecord(tenant: string, rows: readonly MembershipRow[]): DumpRecord {
  return {
    kind: 'members',
    tenant,
    groupId: rows[0]!.group_id,
    members: rows.map((m) => ({ value: m.member_id, type: m.member_type })),
  };
}
