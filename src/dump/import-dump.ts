import type { Actor } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import {
  checkAttributeName,
  checkDescription,
  checkMutability,
  checkType,
} from '../attributes/attribute-definition.ts';
import { MAX_DEFINITIONS } from '../attributes/attributes-service.ts';
import { groupRowOf, userRowOf } from '../provisioning/stored-rows.ts';
import { ScimError } from '../scim/error.ts';
import { AdminError } from '../shared/admin-error.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { DumpWrites } from '../store/dump-writes.ts';
import type { GroupRow, UserRow } from '../store/resource-rows.ts';
import { DumpError } from './dump-error.ts';
import type { DumpHeader, DumpRecord } from './dump-format.ts';
import { parseDumpHeader, parseDumpRecord } from './parse-dump-line.ts';

/** Rows per upsert statement: 12 parameters a user keeps both dialects far below their limits. */
const BATCH = 1000;

/** What an import read and wrote, counted. */
export interface ImportSummary {
  /** Each tenant of the dump, and whether the import created it here. */
  readonly tenants: readonly { readonly slug: string; readonly created: boolean }[];
  readonly attributes: number;
  readonly users: number;
  readonly groups: number;
  /** Membership rows the dump holds (those already here are left as they are). */
  readonly members: number;
  /** Membership rows this import added. */
  readonly membersAdded: number;
}

/** One line of input: its text and its number (from 1), for messages. */
export interface DumpLine {
  readonly text: string;
  readonly number: number;
}

type Pending<R> = { line: number; row: R }[];

/**
 * Imports a dump (see dump-format.ts) in one transaction: a line that is not JSON, not a
 * record of this format, inconsistent with the dump (a record of a tenant it did not
 * announce, a member no user or group has) or with the database (a userName another user
 * holds here) stops it with a DumpError naming the line, and the database is as before.
 * So does a dump without its end record (cut off). Users and groups are upserted by
 * (tenant, id) with their versions and timestamps; membership rows are added when absent;
 * importing the same dump twice leaves the database as the first import did.
 *
 * Input is read as it comes and written in batches, so memory stays flat.
 *
 * @example await importDump(store, urn, linesOf(process.stdin), cliActor())
 */
export async function importDump(
  store: StoreDialect,
  customSchemaUrn: string,
  lines: AsyncIterable<DumpLine>,
  actor: Actor,
): Promise<ImportSummary> {
  return DumpWrites.run(store, async (writes) => {
    const run = new ImportRun(writes, customSchemaUrn, actor);
    for await (const line of lines) await run.line(line);
    return run.finish();
  });
}

class ImportRun {
  private header: DumpHeader | undefined;
  private lastLine = 0;
  private records = 0;
  private ended = false;
  /** Tenants met so far: slug to id here. */
  private readonly tenants = new Map<string, string>();
  private readonly created = new Map<string, boolean>();
  private users: Pending<UserRow> = [];
  private groups: Pending<GroupRow> = [];
  private checkedGroup: string | undefined;
  private readonly counts = { attributes: 0, users: 0, groups: 0, members: 0, membersAdded: 0 };

  constructor(
    private readonly writes: DumpWrites,
    private readonly customSchemaUrn: string,
    private readonly actor: Actor,
  ) {}

  async line({ text, number }: DumpLine): Promise<void> {
    this.lastLine = number;
    if (text.trim() === '') return;
    if (!this.header) {
      this.header = parseDumpHeader(text, number);
      if (this.header.customSchemaUrn !== this.customSchemaUrn) {
        throw new DumpError(
          number,
          `the dump's custom attribute values are under ${this.header.customSchemaUrn}, this Roster's ROSTER_CUSTOM_SCHEMA_URN is ${this.customSchemaUrn}: set it to the dump's before importing`,
        );
      }
      return;
    }
    if (this.ended) throw new DumpError(number, 'a record after the end record');
    const record = parseDumpRecord(text, number);
    if (record.kind !== 'end') this.records++;
    try {
      await this.apply(record, number);
    } catch (error) {
      if (error instanceof ScimError || error instanceof AdminError) throw new DumpError(number, error.message);
      if (this.writes.isUniqueViolation(error)) {
        throw new DumpError(
          number,
          `the database holds a row this record conflicts with (${(error as Error).message})`,
        );
      }
      throw error;
    }
  }

  async finish(): Promise<ImportSummary> {
    if (!this.header)
      throw new DumpError(
        Math.max(this.lastLine, 1),
        'the input is empty: expected a Roster dump (made by roster export)',
      );
    const absent = this.header.tenants.find((slug) => !this.tenants.has(slug));
    if (absent !== undefined && this.ended) {
      throw new DumpError(this.lastLine, `the header names tenant "${absent}", which has no tenant record`);
    }
    if (!this.ended) {
      throw new DumpError(
        this.lastLine,
        'the dump ends without its end record: it was cut off (export again, or copy it whole)',
      );
    }
    return {
      tenants: [...this.tenants.keys()].map((slug) => ({ slug, created: this.created.get(slug) ?? false })),
      ...this.counts,
    };
  }

  private async apply(record: DumpRecord, line: number): Promise<void> {
    if (record.kind !== 'user') await this.flushUsers();
    if (record.kind !== 'group') await this.flushGroups();
    switch (record.kind) {
      case 'tenant':
        return this.tenant(record, line);
      case 'attribute':
        return this.attribute(record, line);
      case 'user': {
        const tenantId = this.tenantOf(record.tenant, line);
        // A batch checks userNames within one tenant.
        if (this.users[0] && this.users[0].row.tenant_id !== tenantId) await this.flushUsers();
        const meta = { created: record.created, updated: record.lastModified, version: record.version };
        this.users.push({ line, row: userRowOf(tenantId, record.id, record.doc, null, meta) });
        this.counts.users++;
        if (this.users.length >= BATCH) await this.flushUsers();
        return;
      }
      case 'group': {
        const tenantId = this.tenantOf(record.tenant, line);
        const meta = { created: record.created, updated: record.lastModified, version: record.version };
        this.groups.push({ line, row: groupRowOf(tenantId, record.id, record.doc, meta) });
        this.counts.groups++;
        if (this.groups.length >= BATCH) await this.flushGroups();
        return;
      }
      case 'members':
        return this.members(record, line);
      case 'end':
        if (record.records !== this.records) {
          throw new DumpError(line, `the end record counts ${record.records} records, the dump holds ${this.records}`);
        }
        this.ended = true;
        return;
      default: {
        const never: never = record;
        throw new Error(`Unknown record ${JSON.stringify(never)}`);
      }
    }
  }

  private tenantOf(slug: string, line: number): string {
    const id = this.tenants.get(slug);
    if (id === undefined) throw new DumpError(line, `a record of tenant "${slug}" before that tenant's record`);
    return id;
  }

  private async tenant(record: Extract<DumpRecord, { kind: 'tenant' }>, line: number): Promise<void> {
    if (!this.header!.tenants.includes(record.slug)) {
      throw new DumpError(line, `tenant "${record.slug}" is not among the header's tenants`);
    }
    if (this.tenants.has(record.slug)) throw new DumpError(line, `tenant "${record.slug}" comes twice`);
    const found = await this.writes.tenantBySlug(record.slug);
    if (found) {
      // The tenant `default` exists in every database, under an id of its own: keep it.
      this.tenants.set(record.slug, found.id);
      return;
    }
    const holder = await this.writes.tenantById(record.id);
    if (holder) {
      throw new DumpError(line, `tenant "${record.slug}" has id ${record.id}, which tenant "${holder.slug}" has here`);
    }
    await this.writes.insertTenant({
      id: record.id,
      slug: record.slug,
      name: record.name,
      created_at: record.createdAt,
    });
    await recordAuditEvent(this.writes.db, {
      tenantId: record.id,
      actor: this.actor,
      type: 'tenant.created',
      targetId: record.id,
      details: { slug: record.slug, name: record.name },
    });
    this.tenants.set(record.slug, record.id);
    this.created.set(record.slug, true);
  }

  private async attribute(record: Extract<DumpRecord, { kind: 'attribute' }>, line: number): Promise<void> {
    const tenantId = this.tenantOf(record.tenant, line);
    const name = checkAttributeName(record.name);
    const nameLower = name.toLowerCase();
    const { byId, byName } = await this.writes.definitionsMatching(tenantId, record.id, nameLower);
    if (byId && byId.tenant_id !== tenantId) {
      throw new DumpError(line, `attribute "${name}" has id ${record.id}, which another tenant's attribute has here`);
    }
    // Defined here already under its own id (by hand, before the import): it takes the dump's
    // definition and keeps its id; SCIM and /Schemas know attributes by name only.
    await this.writes.upsertDefinition({
      id: byName?.id ?? record.id,
      tenant_id: tenantId,
      name,
      name_lower: nameLower,
      type: checkType(record.type),
      multi_valued: record.multiValued ? 1 : 0,
      required: record.required ? 1 : 0,
      case_exact: record.caseExact ? 1 : 0,
      mutability: checkMutability(record.mutability),
      description: checkDescription(record.description),
      deprecated: record.deprecated ? 1 : 0,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
    });
    if ((await this.writes.countDefinitions(tenantId)) > MAX_DEFINITIONS) {
      throw new AdminError('limit', 'tooManyAttributes', { max: MAX_DEFINITIONS });
    }
    this.counts.attributes++;
  }

  private async flushUsers(): Promise<void> {
    const batch = this.users;
    if (batch.length === 0) return;
    this.users = [];
    const tenantId = batch[0]!.row.tenant_id;
    const byId = new Map<string, number>();
    const byKey = new Map<string, { line: number; id: string }>();
    for (const { line, row } of batch) {
      if (byId.has(row.id)) throw new DumpError(line, `user ${row.id} comes twice (first on line ${byId.get(row.id)})`);
      byId.set(row.id, line);
      const other = byKey.get(row.user_name_lower);
      if (other) {
        throw new DumpError(
          line,
          `userName "${row.user_name}" is also the userName of user ${other.id} (line ${other.line})`,
        );
      }
      byKey.set(row.user_name_lower, { line, id: row.id });
    }
    const holders = await this.writes.userNameHolders(tenantId, [...byKey.keys()]);
    for (const { line, row } of batch) {
      const holder = holders.get(row.user_name_lower);
      if (holder !== undefined && holder !== row.id) {
        throw new DumpError(line, `userName "${row.user_name}" belongs to another user here (id ${holder})`);
      }
    }
    await this.writes.upsertUsers(batch.map((b) => b.row));
  }

  private async flushGroups(): Promise<void> {
    const batch = this.groups;
    if (batch.length === 0) return;
    this.groups = [];
    const seen = new Map<string, number>();
    for (const { line, row } of batch) {
      const key = `${row.tenant_id}\u0000${row.id}`;
      if (seen.has(key)) throw new DumpError(line, `group ${row.id} comes twice (first on line ${seen.get(key)})`);
      seen.set(key, line);
    }
    await this.writes.upsertGroups(batch.map((b) => b.row));
  }

  private async members(record: Extract<DumpRecord, { kind: 'members' }>, line: number): Promise<void> {
    const tenantId = this.tenantOf(record.tenant, line);
    const key = `${tenantId}\u0000${record.groupId}`;
    if (this.checkedGroup !== key) {
      if (!(await this.writes.groupExists(tenantId, record.groupId))) {
        throw new DumpError(
          line,
          `members of group ${record.groupId}, which is neither in the dump before them nor here`,
        );
      }
      this.checkedGroup = key;
    }
    const { missing, added } = await this.writes.addMembers(tenantId, record.groupId, record.members);
    if (missing.length > 0) {
      throw new DumpError(
        line,
        `member ${missing[0]} of group ${record.groupId} is no user or group of tenant "${record.tenant}"${missing.length > 1 ? ` (nor are ${missing.length - 1} more)` : ''}`,
      );
    }
    this.counts.members += record.members.length;
    this.counts.membersAdded += added;
  }
}
