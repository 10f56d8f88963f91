import Database from 'better-sqlite3';
import type { FeedEvent } from './roster-feed.ts';

/** A user or group as the snapshot and the events carry it (SCIM JSON). */
export type Resource = Record<string, unknown> & { readonly id: string };

interface Member {
  readonly value: string;
  readonly type?: string;
}

const SCHEMA = `
  create table if not exists users (
    id text primary key,
    version integer not null,
    -- null: deleted. The row stays as a tombstone, so an older event arriving late is ignored.
    doc text
  );
  create table if not exists groups (
    id text primary key,
    version integer not null,
    doc text
  );
  create table if not exists members (
    group_id text not null,
    member_id text not null,
    member_type text not null,
    primary key (group_id, member_id)
  );
  create index if not exists members_by_member on members (member_id);
  -- One row: where the feed is read from next, and the seq of the last event applied.
  create table if not exists feed_state (
    id integer primary key check (id = 1),
    cursor text not null,
    last_seq integer
  );
  -- With MIRROR_JOURNAL=1: every snapshot and event applied, in order (for audits and tests).
  create table if not exists journal (
    n integer primary key autoincrement,
    kind text not null,
    seq integer,
    event_id text,
    cursor text
  );
`;

/** An event's seq did not follow the last one applied: the feed broke its promise; stop. */
export class FeedOutOfOrder extends Error {}

/** 'W/"12"' -> 12. Roster's versions are weak ETags over a counter. */
export function versionNumber(etag: string | null | undefined): number {
  const match = /^W\/"(\d+)"$/.exec(etag ?? '');
  if (!match?.[1]) throw new Error(`Unexpected resource version ${JSON.stringify(etag)}`);
  return Number(match[1]);
}

/**
 * The application's own copy of the directory, in SQLite: users, groups, memberships, and
 * the feed cursor, always changed together in one transaction.
 */
export class MirrorStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    file: string,
    private readonly journal = false,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a committed cursor is on disk, so a crash never makes the mirror skip events.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
  }

  /** The cursor to read the feed from, or undefined before the first snapshot. */
  position(): { cursor: string; lastSeq: number | null } | undefined {
    const row = this.sql('select cursor, last_seq from feed_state where id = 1').get() as
      { cursor: string; last_seq: number | null } | undefined;
    return row && { cursor: row.cursor, lastSeq: row.last_seq };
  }

  /**
   * Replaces the whole mirror with a snapshot, read as it streams in: nothing is visible
   * (and a crash leaves the previous state) until `commit` stores it with its cursor.
   */
  beginSnapshot(): { add(kind: 'user' | 'group', resource: Resource): void; commit(cursor: string): void } {
    this.db.exec('begin immediate');
    this.db.exec('delete from users; delete from groups; delete from members; delete from feed_state');
    return {
      add: (kind, resource) => {
        if (kind === 'user') this.putUser(resource);
        else {
          this.putGroup(resource);
          const members = (resource.members ?? []) as Member[];
          for (const m of members) this.addMember(resource.id, m);
        }
      },
      commit: (cursor) => {
        this.sql('insert into feed_state (id, cursor, last_seq) values (1, ?, null)').run(cursor);
        if (this.journal) this.sql(`insert into journal (kind, cursor) values ('snapshot', ?)`).run(cursor);
        this.db.exec('commit');
      },
    };
  }

  /** Gives up a snapshot begun with {@link beginSnapshot} (the stream broke). */
  abandonSnapshot(): void {
    if (this.db.inTransaction) this.db.exec('rollback');
  }

  /**
   * Applies a page of events and the cursor after it, in one transaction: a crash before
   * the commit leaves the old cursor, and the page is read and applied again in full.
   * @throws when an event's seq does not follow the last one applied (the feed promises it does)
   */
  applyPage(events: readonly FeedEvent[], nextCursor: string): void {
    this.db.transaction(() => {
      let lastSeq = this.position()?.lastSeq ?? null;
      for (const event of events) {
        if (lastSeq !== null && event.seq !== lastSeq + 1) {
          throw new FeedOutOfOrder(`Feed out of order: event seq ${event.seq} after ${lastSeq}`);
        }
        this.apply(event);
        lastSeq = event.seq;
        if (this.journal) {
          this.sql(`insert into journal (kind, seq, event_id) values ('event', ?, ?)`).run(event.seq, event.id);
        }
      }
      this.sql('update feed_state set cursor = ?, last_seq = ? where id = 1').run(nextCursor, lastSeq);
    })();
  }

  /** A statement prepared once: a snapshot of thousands of rows runs the same few many times. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  close(): void {
    this.db.close();
  }

  private apply(event: FeedEvent): void {
    const { type, id } = event.resource;
    switch (event.type) {
      case 'user.created':
      case 'user.updated':
      case 'user.deactivated':
      case 'user.reactivated':
        if (this.isNewer('users', id, event.resource.version)) this.putUser(event.data as Resource);
        return;
      case 'group.created':
      case 'group.updated':
        if (this.isNewer('groups', id, event.resource.version)) this.putGroup(event.data as Resource);
        return;
      case 'user.deleted':
      case 'group.deleted': {
        const table = type === 'User' ? 'users' : 'groups';
        if (!this.isNewer(table, id, event.resource.version)) return;
        const version = versionNumber(event.resource.version);
        this.sql(
          `insert into ${table} (id, version, doc) values (?, ?, null)
                    on conflict (id) do update set version = excluded.version, doc = null`,
        ).run(id, version);
        // What belonged to it goes with it; Roster's members_removed events for the
        // groups it left follow, and move those groups' versions.
        this.sql('delete from members where member_id = ? or group_id = ?').run(id, id);
        return;
      }
      case 'group.members_added':
      case 'group.members_removed': {
        // The group's state at this version already holds the change when the stored
        // version is newer (a snapshot taken after it); one write's events share a version.
        const group = this.sql('select version, doc from groups where id = ?').get(id) as
          { version: number; doc: string | null } | undefined;
        const version = versionNumber(event.resource.version);
        if (!group || group.doc === null || version < group.version) return;
        const { members } = event.data as { members: Member[] };
        for (const m of members) {
          if (event.type === 'group.members_added') this.addMember(id, m);
          else this.sql('delete from members where group_id = ? and member_id = ?').run(id, m.value);
        }
        this.sql('update groups set version = ? where id = ?').run(version, id);
        return;
      }
      default:
        // Token and connection events: not part of the directory.
        return;
    }
  }

  private isNewer(table: 'users' | 'groups', id: string, etag: string | null): boolean {
    const row = this.sql(`select version from ${table} where id = ?`).get(id) as { version: number } | undefined;
    return row === undefined || versionNumber(etag) > row.version;
  }

  /** Stored without `groups`: the members table says them, kept by membership events. */
  private putUser(user: Resource): void {
    const { groups: _groups, ...doc } = user;
    this.sql(
      `insert into users (id, version, doc) values (?, ?, ?)
                on conflict (id) do update set version = excluded.version, doc = excluded.doc`,
    ).run(user.id, versionNumber(metaVersion(user)), JSON.stringify(doc));
  }

  /** Stored without `members` (rows of their own). */
  private putGroup(group: Resource): void {
    const { members: _members, ...doc } = group;
    this.sql(
      `insert into groups (id, version, doc) values (?, ?, ?)
                on conflict (id) do update set version = excluded.version, doc = excluded.doc`,
    ).run(group.id, versionNumber(metaVersion(group)), JSON.stringify(doc));
  }

  private addMember(groupId: string, member: Member): void {
    this.sql('insert into members (group_id, member_id, member_type) values (?, ?, ?) on conflict do nothing').run(
      groupId,
      member.value,
      member.type ?? 'User',
    );
  }
}

const metaVersion = (resource: Resource): string | undefined =>
  (resource.meta as { version?: string } | undefined)?.version;
