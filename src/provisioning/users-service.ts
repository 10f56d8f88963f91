import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ScimError } from '../scim/error.ts';
import { applyPatch } from '../scim/patch/index.ts';
import { checkNetChanges } from '../scim/patch/check-mutability.ts';
import { normalizeResource } from '../scim/resource/normalize-resource.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { MembersStore } from '../store/members-store.ts';
import type { UserRow } from '../store/resource-rows.ts';
import { UsersStore, type Executor } from '../store/users-store.ts';
import { writeTransaction } from '../store/write-transaction.ts';
import { nowIso } from '../shared/clock.ts';
import { hashPassword } from '../shared/password-hash.ts';
import { checkIfMatch } from './preconditions.ts';
import { renderUser } from './render.ts';
import { userRowOf } from './stored-rows.ts';
import type { RequestContext, WriteOptions } from './request-context.ts';
import type { SchemaRegistry } from './schema-registry.ts';

/** A resource as written, with what the request carried that Roster ignored. */
export interface WriteResult {
  readonly resource: Record<string, unknown>;
  readonly version: number;
  readonly ignored: readonly string[];
}

/** Users: creation, replacement, PATCH, deletion and reads, one transaction each. */
/** How a write turns the current user into the new one. */
type Change = (current: UserRow) => Promise<{
  resource: Record<string, unknown>;
  ignored: readonly string[];
  keepPassword: string | null;
}>;

export class UsersService {
  private readonly users: UsersStore;
  private readonly members: MembersStore;

  constructor(
    private readonly store: StoreDialect,
    private readonly schemas: SchemaRegistry,
  ) {
    this.users = new UsersStore(store);
    this.members = new MembersStore(store);
  }

  async create(ctx: RequestContext, body: unknown): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    const { resource, ignored } = normalizeResource(rs, body, 'create');
    const now = nowIso();
    const row = await this.toRow(ctx.tenantId, randomUUID(), resource, null, now, now, 1);
    try {
      await this.users.insert(row);
    } catch (error) {
      throw this.uniqueness(error, row.user_name);
    }
    return { resource: renderUser(row, [], ctx), version: row.version, ignored };
  }

  async get(ctx: RequestContext, id: string): Promise<{ resource: Record<string, unknown>; version: number }> {
    const row = await this.find(ctx, id);
    const groups = await this.members.groupsOfUsers(ctx.tenantId, [id]);
    return { resource: renderUser(row, groups.get(id) ?? [], ctx), version: row.version };
  }

  /** PUT: the body replaces every attribute; a password not given is kept. */
  async replace(ctx: RequestContext, id: string, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    const { resource, ignored } = normalizeResource(rs, body, 'replace');
    return this.write(ctx, id, options, async (current) => {
      // RFC 7644 3.5.1: an immutable attribute that has a value keeps it (400 mutability).
      checkNetChanges(rs, current.doc, resource);
      return { resource, ignored, keepPassword: current.password_hash };
    });
  }

  async patch(ctx: RequestContext, id: string, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    return this.write(ctx, id, options, async (current) => {
      const result = applyPatch(rs, { ...current.doc, id: current.id }, body);
      if (result.memberOps.length > 0) {
        throw new ScimError(400, 'invalidPath', 'Users have no members attribute');
      }
      const { id: _id, ...resource } = result.resource;
      return { resource, ignored: result.ignored, keepPassword: current.password_hash };
    });
  }

  async delete(ctx: RequestContext, id: string, options: WriteOptions): Promise<void> {
    const current = await this.find(ctx, id);
    const expected = checkIfMatch(options.ifMatch, current.version);
    const deleted = await this.users.delete(ctx.tenantId, id, nowIso(), expected);
    if (!deleted) {
      if (expected !== undefined)
        throw new ScimError(412, undefined, 'The resource changed while it was being deleted');
      throw new ScimError(404, undefined, `User ${id} not found`);
    }
  }

  private async find(ctx: RequestContext, id: string): Promise<UserRow> {
    const row = await this.users.find(ctx.tenantId, id);
    if (!row) throw new ScimError(404, undefined, `User ${id} not found`);
    return row;
  }

  /**
   * Read, compute, write-if-unchanged: a concurrent change makes the write miss, and the
   * change is computed again on the new version, unless the client pinned a version with
   * If-Match, which then fails with 412. A change that changes nothing is not written, so
   * the version and meta.lastModified stay (RFC 7644 3.5.2.1: a PATCH adding a value already
   * there "SHALL NOT change the modify timestamp"); a new password is always a change.
   */
  private async write(ctx: RequestContext, id: string, options: WriteOptions, change: Change): Promise<WriteResult> {
    // Optimistic first: one read and one guarded write, two round trips, when nobody else
    // is changing this user.
    // Contended: read under the row lock and apply the change to the current version, so a
    // burst of PATCHes to one user all land, in turn, without retries.
    const written =
      (await this.attempt(ctx, id, options, change, this.store.db, false)) ??
      (await writeTransaction(this.store, (trx) => this.attempt(ctx, id, options, change, trx, true)));
    if (written === undefined) throw new Error('A locked write missed its own version');
    // Read after the transaction: SQLite's one connection is not free inside it.
    const groups = await this.members.groupsOfUsers(ctx.tenantId, [id]);
    return {
      resource: renderUser(written.row, groups.get(id) ?? [], ctx),
      version: written.row.version,
      ignored: written.ignored,
    };
  }

  /** One read-compute-write; undefined when another writer changed the user in between. */
  private async attempt(
    ctx: RequestContext,
    id: string,
    options: WriteOptions,
    change: Change,
    via: Executor,
    lock: boolean,
  ): Promise<{ row: UserRow; ignored: readonly string[] } | undefined> {
    const current = await this.users.find(ctx.tenantId, id, via, lock);
    if (!current) throw new ScimError(404, undefined, `User ${id} not found`);
    const pinned = checkIfMatch(options.ifMatch, current.version);
    const { resource, ignored, keepPassword } = await change(current);
    const row = await this.toRow(
      ctx.tenantId,
      id,
      resource,
      keepPassword,
      current.created_at,
      nowIso(),
      current.version + 1,
    );
    // Deep equality ignores key order, which PostgreSQL's jsonb does not keep.
    const unchanged = isDeepStrictEqual(row.doc, current.doc) && row.password_hash === current.password_hash;
    if (!unchanged) {
      let written: boolean;
      try {
        written = await this.users.update(row, current.version, via);
      } catch (error) {
        throw this.uniqueness(error, row.user_name);
      }
      if (!written) {
        if (pinned !== undefined)
          throw new ScimError(412, undefined, 'The resource changed while it was being updated');
        return undefined;
      }
    }
    return { row: unchanged ? current : row, ignored };
  }

  /** The stored row for a normalized resource; a given password is hashed and removed. */
  private async toRow(
    tenantId: string,
    id: string,
    resource: Record<string, unknown>,
    keepPassword: string | null,
    created: string,
    updated: string,
    version: number,
  ): Promise<UserRow> {
    const { password, ...doc } = resource;
    const passwordHash = typeof password === 'string' ? await hashPassword(password) : keepPassword;
    return userRowOf(tenantId, id, doc, passwordHash, { created, updated, version });
  }

  private uniqueness(error: unknown, userName: string): unknown {
    return this.store.isUniqueViolation(error)
      ? new ScimError(409, 'uniqueness', `userName "${userName}" is already taken in this tenant`)
      : error;
  }
}
