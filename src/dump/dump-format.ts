/**
 * The Roster dump (JSON Lines), version 1: what `roster export` writes and `roster import`
 * reads. The first line is a {@link DumpHeader}; then, per tenant, its `tenant` record, its
 * attribute definitions, users, groups and membership chunks; last, one `end` record, so a
 * cut-off dump is refused instead of half imported. Secrets are never in it: no token,
 * portal account, session or password hash.
 *
 * @example
 * {"format":"roster-export","version":1,"exportedAt":"2026-12-05T04:00:00.000Z","customSchemaUrn":"urn:…:roster:2.0:User","tenants":["default"]}
 * {"kind":"tenant","id":"5b1c…","slug":"default","name":"default","createdAt":"2026-01-01T00:00:00.000Z"}
 * {"kind":"user","tenant":"default","id":"9f2e…","userName":"ann","doc":{"schemas":[…],"userName":"ann","active":true},"created":"…","lastModified":"…","version":3}
 * {"kind":"members","tenant":"default","groupId":"c0ff…","members":[{"value":"9f2e…","type":"User"}]}
 * {"kind":"end","records":4}
 */
export const DUMP_FORMAT = 'roster-export';

/** The format version this Roster writes and the newest it reads. */
export const DUMP_VERSION = 1;

/** Members per `members` record: a group of any size is written and read in chunks of this many. */
export const MEMBERS_PER_RECORD = 1000;

export interface DumpHeader {
  readonly format: typeof DUMP_FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  /** The custom User extension's URN the users' custom values are stored under. */
  readonly customSchemaUrn: string;
  /** The slugs of the tenants in the dump, in the order they come. */
  readonly tenants: readonly string[];
}

/** The resource's meta, kept as it was so that ETags and `meta` stay the same. */
interface ResourceMeta {
  readonly created: string;
  readonly lastModified: string;
  readonly version: number;
}

export type DumpRecord =
  | {
      readonly kind: 'tenant';
      readonly id: string;
      readonly slug: string;
      readonly name: string;
      readonly createdAt: string;
    }
  | {
      readonly kind: 'attribute';
      readonly tenant: string;
      readonly id: string;
      readonly name: string;
      readonly type: string;
      readonly multiValued: boolean;
      readonly required: boolean;
      readonly caseExact: boolean;
      readonly mutability: string;
      readonly description: string;
      readonly deprecated: boolean;
      readonly createdAt: string;
      readonly updatedAt: string;
    }
  | ({
      readonly kind: 'user';
      readonly tenant: string;
      readonly id: string;
      readonly userName: string;
      /** The stored document: the resource without id, meta, groups or password. */
      readonly doc: Record<string, unknown>;
    } & ResourceMeta)
  | ({
      readonly kind: 'group';
      readonly tenant: string;
      readonly id: string;
      /** The stored document: the resource without id, meta or members. */
      readonly doc: Record<string, unknown>;
    } & ResourceMeta)
  | {
      readonly kind: 'members';
      readonly tenant: string;
      readonly groupId: string;
      /** At most {@link MEMBERS_PER_RECORD}; `type` is what the member is. */
      readonly members: readonly { readonly value: string; readonly type: 'User' | 'Group' }[];
    }
  /** The last line: how many records came between the header and it. */
  | { readonly kind: 'end'; readonly records: number };

export type DumpRecordKind = DumpRecord['kind'];
