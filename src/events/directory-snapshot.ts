import type { SchemaRegistry } from '../provisioning/schema-registry.ts';
import { renderGroup, renderMember, renderUser, type ScimLocation } from '../provisioning/render.ts';
import { projectResource } from '../scim/resource/project-resource.ts';
import type { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { MembersStore } from '../store/members-store.ts';
import { groupPages, userPages } from '../store/snapshot-store.ts';
import type { EventsService } from './events-service.ts';

/** What a snapshot hands its reader, in order: where the feed stands, every user, every group. */
export type SnapshotItem =
  | { readonly kind: 'start'; readonly lastSeq: number; readonly takenAt: string }
  | { readonly kind: 'user'; readonly resource: Record<string, unknown> }
  | {
      readonly kind: 'group';
      readonly schema: ResourceSchema;
      /** The group as SCIM returns it, without `members`. */
      readonly resource: Record<string, unknown>;
      /** Its members, a page at a time: consume them before returning (they are read in the snapshot). */
      readonly members: AsyncIterable<Record<string, unknown>[]>;
    }
  | { readonly kind: 'end'; readonly users: number; readonly groups: number };

/**
 * Every user and group of a tenant as of one consistent point, with the feed's position at
 * that point (docs/events.md, "Starting from a snapshot"): everything is read in one
 * read-only view (StoreDialect.readSnapshot), the cursor inside it, so every event up to
 * `lastSeq` is in the snapshot and an event after it may repeat a change it holds (a
 * consumer applying only newer `meta.version`s ignores those). Reads a page at a time and
 * each group's members a page at a time: constant memory.
 *
 * @example await snapshots.read(tenantId, { baseUrl }, async (item) => write(item))
 */
export class DirectorySnapshots {
  private readonly members: MembersStore;

  constructor(
    private readonly store: StoreDialect,
    private readonly schemas: SchemaRegistry,
    private readonly events: EventsService,
  ) {
    this.members = new MembersStore(store);
  }

  async read(tenantId: string, where: ScimLocation, visit: (item: SnapshotItem) => Promise<void>): Promise<void> {
    const { user, group } = await this.schemas.forTenant(tenantId);
    // As SCIM returns them: what is never returned (writeOnly custom attributes) is left out.
    const shown = (rs: ResourceSchema, r: Record<string, unknown>) => projectResource(rs, r, undefined, undefined);
    // Number what is committed already, so that the cursor taken in the view is past it: with
    // no write under way, the feed after the cursor starts with the next change (PostgreSQL).
    await this.events.publishCommitted();
    await this.store.readSnapshot(async (db) => {
      const { lastSeq } = await this.events.bounds(tenantId, db);
      // The view is open: what it holds was committed before now; give no cursor a power cut could undo.
      await this.store.untilDurable();
      await visit({ kind: 'start', lastSeq, takenAt: new Date().toISOString() });
      let users = 0;
      for await (const page of userPages(this.store, db, tenantId)) {
        const groups = await this.members.groupsOfUsers(
          tenantId,
          page.map((u) => u.id),
          db,
        );
        for (const row of page) {
          await visit({ kind: 'user', resource: shown(user, renderUser(row, groups.get(row.id) ?? [], where)) });
          users++;
        }
      }
      let groups = 0;
      for await (const page of groupPages(this.store, db, tenantId)) {
        for (const row of page) {
          const members = this.memberPages(tenantId, row.id, where, db);
          await visit({
            kind: 'group',
            schema: group,
            resource: shown(group, renderGroup(row, undefined, where)),
            members,
          });
          groups++;
        }
      }
      await visit({ kind: 'end', users, groups });
    });
  }

  private async *memberPages(
    tenantId: string,
    groupId: string,
    where: ScimLocation,
    db: Parameters<Parameters<StoreDialect['readSnapshot']>[0]>[0],
  ): AsyncGenerator<Record<string, unknown>[]> {
    for await (const page of this.members.iterate(tenantId, groupId, db)) yield page.map((m) => renderMember(m, where));
  }
}
