import { isDeepStrictEqual } from 'node:util';
import { ScimError } from '../scim/error.ts';
import { applyPatch } from '../scim/patch/index.ts';
import { checkNetChanges } from '../scim/patch/check-mutability.ts';
import { normalizeResource } from '../scim/resource/normalize-resource.ts';
import type { StoreDialect } from '../store/dialect/store-dialect.ts';
import { MembersStore } from '../store/members-store.ts';
import type { UserRow } from '../store/resource-rows.ts';
import { UsersStore } from '../store/users-store.ts';
import { writeResource, writeTransaction } from '../store/write-transaction.ts';
import { nowIso } from '../shared/clock.ts';
import { timeOrderedId } from '../shared/time-ordered-id.ts';
import { hashPassword } from '../shared/password-hash.ts';
import { hashPasswordsIn } from './password-prehash.ts';
import { membersEvent, originOf, resourceDeleted, userCreated, userUpdated } from './resource-events.ts';
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
    const row = await this.toRow(ctx.tenantId, timeOrderedId(Date.parse(now)), resource, null, now, now, 1);
    try {
      await writeResource(this.store, {
        read: async () => undefined,
        plan: async () => ({
          result: row,
          write: { statement: this.users.insert(row), origin: originOf(ctx), events: userCreated(ctx, row) },
        }),
      });
    } catch (error) {
      throw this.uniqueness(error, row.user_name);
    }
    return { resource: renderUser(row, [], ctx), version: row.version, ignored };
  }

  async get(ctx: RequestContext, id: string): Promise<{ resource: Record<string, unknown>; version: number }> {
    const found = await this.users.findWithGroups(ctx.tenantId, id);
    if (!found) throw new ScimError(404, undefined, `User ${id} not found`);
    return { resource: renderUser(found.row, found.groups, ctx), version: found.row.version };
  }

  /** PUT: the body replaces every attribute; a password not given is kept. */
  async replace(ctx: RequestContext, id: string, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    const { resource, ignored } = normalizeResource(rs, body, 'replace');
    return this.write(ctx, id, options, body, async (current) => {
      // RFC 7644 3.5.1: an immutable attribute that has a value keeps it (400 mutability).
      checkNetChanges(rs, current.doc, resource);
      return { resource, ignored, keepPassword: current.password_hash };
    });
  }

  async patch(ctx: RequestContext, id: string, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const rs = (await this.schemas.forTenant(ctx.tenantId)).user;
    return this.write(ctx, id, options, body, async (current) => {
      const result = applyPatch(rs, { ...current.doc, id: current.id }, body);
      if (result.memberOps.length > 0) {
        throw new ScimError(400, 'invalidPath', 'Users have no members attribute');
      }
      const { id: _id, ...resource } = result.resource;
      return { resource, ignored: result.ignored, keepPassword: current.password_hash };
    });
  }

  /** Deletes the user and its memberships; the groups it left get a new version and an event each. */
  async delete(ctx: RequestContext, id: string, options: WriteOptions): Promise<void> {
    // PostgreSQL text cannot hold U+0000 (the lock's query would fail); no id contains it.
    if (id.includes('\u0000')) throw new ScimError(404, undefined, `User ${id} not found`);
    await writeTransaction(this.store, async (trx, outbox) => {
      const taken = await this.users.take(trx, ctx.tenantId, id, nowIso(), (current) =>
        checkIfMatch(options.ifMatch, current.version),
      );
      if (!taken) throw new ScimError(404, undefined, `User ${id} not found`);
      await resourceDeleted(outbox, ctx, 'User', taken.deleted);
      for (const group of taken.left) {
        await membersEvent(outbox, ctx, group.id, group.version, 'removed', [{ value: id, type: 'User' }]);
      }
    });
  }

  /**
   * The one write path of a user, run by writeResource: read the user, check If-Match
   * (412), compute the change on that version, write it and its change-feed events if the
   * version is still the one read. A concurrent writer that got there first makes the
   * write change nothing, and the change is computed again on the new version (a pinned
   * If-Match then fails with 412), so none is lost. A change that changes nothing is not
   * written, so the version and meta.lastModified stay (RFC 7644 3.5.2.1: a PATCH adding a
   * value already there "SHALL NOT change the modify timestamp"); a new password is always a change.
   */
  private async write(
    ctx: RequestContext,
    id: string,
    options: WriteOptions,
    body: unknown,
    change: Change,
  ): Promise<WriteResult> {
    // argon2 takes tens of milliseconds: never while holding the write lock.
    const hashes = await hashPasswordsIn(body);
    let userName = '';
    const written = await writeResource(this.store, {
      read: (via, lock) => this.users.find(ctx.tenantId, id, via, lock),
      plan: async (current) => {
        if (!current) throw new ScimError(404, undefined, `User ${id} not found`);
        checkIfMatch(options.ifMatch, current.version);
        const { resource, ignored, keepPassword } = await change(current);
        const row = await this.toRow(
          ctx.tenantId,
          id,
          resource,
          keepPassword,
          current.created_at,
          nowIso(),
          current.version + 1,
          hashes,
        );
        // Deep equality ignores key order, which PostgreSQL's jsonb does not keep.
        if (isDeepStrictEqual(row.doc, current.doc) && row.password_hash === current.password_hash) {
          return { result: { row: current, ignored } };
        }
        userName = row.user_name;
        const write = { statement: this.users.update(row, current.version), origin: originOf(ctx) };
        return { result: { row, ignored }, write: { ...write, events: userUpdated(ctx, current, row) } };
      },
    }).catch((error: unknown) => {
      throw this.uniqueness(error, userName);
    });
    // Read after the transaction: SQLite's one connection is not free inside it.
    const groups = await this.members.groupsOfUsers(ctx.tenantId, [id]);
    return {
      resource: renderUser(written.row, groups.get(id) ?? [], ctx),
      version: written.row.version,
      ignored: written.ignored,
    };
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
    hashes: ReadonlyMap<string, string> = new Map(),
  ): Promise<UserRow> {
    const { password, ...doc } = resource;
    const passwordHash =
      typeof password === 'string' ? (hashes.get(password) ?? (await hashPassword(password))) : keepPassword;
    return userRowOf(tenantId, id, doc, passwordHash, { created, updated, version });
  }

  private uniqueness(error: unknown, userName: string): unknown {
    return this.store.isUniqueViolation(error)
      ? new ScimError(409, 'uniqueness', `userName "${userName}" is already taken in this tenant`)
      : error;
  }
}
