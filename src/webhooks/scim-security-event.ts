import { EVENT_TYPES, type EventType } from '../events/event-types.ts';
import type { FeedEvent } from '../events/feed-event.ts';

// Section numbers: RFC 9967 as published from draft-ietf-scim-events-16; RFC 8417 (SET).
const PROV = 'urn:ietf:params:scim:event:prov';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The OpenID Shared Signals Framework's event for testing a stream: RFC 9967 defines none. */
const VERIFICATION = 'https://schemas.openid.net/secevent/ssf/event-type/verification';

/**
 * The feed's event types a SET can carry: changes to SCIM resources (RFC 9967 §2.4).
 * Token and connection events are about no SCIM resource and have no event URI; a `set`
 * endpoint passes them over.
 */
export const SET_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(
  (type) => type.startsWith('user.') || type.startsWith('group.'),
);

/** @example isSetEventType('token.created') // false: a SET endpoint may not ask for it */
export const isSetEventType = (type: string): boolean => (SET_EVENT_TYPES as readonly string[]).includes(type);

/** The claims of one SET (RFC 8417 §2.2, RFC 9967 §2.1, §2.2). */
export interface SetClaims {
  readonly iss: string;
  readonly iat: number;
  readonly jti: string;
  readonly aud: string;
  readonly txn: string;
  readonly toe: number;
  readonly sub_id:
    | { readonly format: 'scim'; readonly uri: string; readonly externalId?: string }
    | { readonly format: 'opaque'; readonly id: string };
  readonly events: Readonly<Record<string, Record<string, unknown>>>;
}

export interface SetContext {
  /** Roster's public origin (ROSTER_PUBLIC_URL). */
  readonly issuer: string;
  /** The endpoint's URL. */
  readonly audience: string;
  readonly issuedAt: Date;
}

type Resource = Record<string, unknown>;
type Member = { readonly value: string; readonly type: 'User' | 'Group' };

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * One feed event as the claims of an RFC 9967 SET; undefined for a type no SET carries.
 * `roster webhooks test` sends the Shared Signals Framework's verification event about
 * the endpoint (`sub_id` of format `opaque`: its id).
 *
 * - `jti` is the event's id, stable across retries like `webhook-id`; `txn` is the
 *   request's txn, shared by the events of one SCIM request (RFC 9967 §2.2); an event
 *   made outside a request (CLI, portal) is its own transaction and uses its id.
 * - `toe` is when the change was committed, `iat` when this SET was made (RFC 8417 §2.2).
 * - The subject is `sub_id` of format `scim` with the resource's relative `uri` and its
 *   `externalId` when it has one (RFC 9967 §2.1); never `sub`.
 * - Creations are `full` (RFC 9967 §2.4.1): the resource as SCIM returns it, which is
 *   what Roster's JSON event carries too, so a receiver mirroring the directory needs no
 *   call back. Updates are `prov:patch:full` (§2.4.2): a PatchOp replacing each changed
 *   path by its new value (or removing it), whatever the request's method, so a group's
 *   members, which the event does not carry, are never implied empty as a `put` would.
 *   A password is never sent: a change of the password alone is `prov:patch:notice`.
 * - Membership changes are `prov:patch:full` of the group: one `add` of the members, or
 *   one `remove` per member by `members[value eq "…"]` (RFC 7644 §3.5.2.2).
 * - (De)activation is `prov:deactivate` / `prov:activate` (§2.4.5, §2.4.6); deletion is
 *   `prov:delete` with an empty payload (§2.4.4).
 *
 * @example toSetClaims(event, { issuer: 'https://scim.example.com', audience: url, issuedAt: new Date() })
 */
export function toSetClaims(event: FeedEvent, context: SetContext): SetClaims | undefined {
  const common = {
    iss: context.issuer,
    iat: seconds(context.issuedAt),
    jti: event.id,
    aud: context.audience,
    txn: event.txn ?? event.id,
    toe: seconds(new Date(event.occurredAt)),
  };
  if (event.type === 'webhook.test') {
    return { ...common, sub_id: { format: 'opaque', id: event.resource.id }, events: { [VERIFICATION]: {} } };
  }
  const payload = eventPayload(event);
  if (!payload) return undefined;
  const data = isResource(event.data) ? event.data : {};
  const externalId = typeof data.externalId === 'string' ? data.externalId : undefined;
  return {
    ...common,
    sub_id: {
      format: 'scim',
      uri: `/${event.resource.type === 'Group' ? 'Groups' : 'Users'}/${event.resource.id}`,
      ...(externalId !== undefined ? { externalId } : {}),
    },
    events: { [payload.uri]: payload.body },
  };
}

function eventPayload(event: FeedEvent): { uri: string; body: Record<string, unknown> } | undefined {
  const version = event.resource.version !== null ? { version: event.resource.version } : {};
  const data = isResource(event.data) ? event.data : {};
  switch (event.type) {
    case 'user.created':
    case 'group.created':
      return { uri: `${PROV}:create:full`, body: { ...version, data } };
    case 'user.updated':
    case 'group.updated': {
      const changed = event.changedAttributes ?? [];
      // A password is never sent; `schemas` follows from the extension paths that changed.
      const operations = changed
        .filter((path) => path !== 'password' && path !== 'schemas')
        .map((path) => operationOf(data, path));
      if (operations.length === 0) return { uri: `${PROV}:patch:notice`, body: { ...version, attributes: changed } };
      return { uri: `${PROV}:patch:full`, body: { ...version, data: patchOp(operations) } };
    }
    case 'group.members_added':
    case 'group.members_removed': {
      const members = membersOf(event.data);
      const operations =
        event.type === 'group.members_added'
          ? [{ op: 'add', path: 'members', value: members.map((m) => ({ value: m.value, type: m.type })) }]
          : members.map((m) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(m.value)}]` }));
      return { uri: `${PROV}:patch:full`, body: { ...version, data: patchOp(operations) } };
    }
    case 'user.deactivated':
      return { uri: `${PROV}:deactivate`, body: { ...version } };
    case 'user.reactivated':
      return { uri: `${PROV}:activate`, body: { ...version } };
    case 'user.deleted':
    case 'group.deleted':
      return { uri: `${PROV}:delete`, body: {} };
    default:
      return undefined;
  }
}

const patchOp = (operations: readonly object[]) => ({ schemas: [PATCH_OP], Operations: operations });

const isResource = (value: unknown): value is Resource =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `replace` with the path's value in the resource after the change, `remove` when it has none. */
function operationOf(data: Resource, path: string): object {
  const value = valueAt(data, path);
  return value === undefined || value === null ? { op: 'remove', path } : { op: 'replace', path, value };
}

/** A changed path's value: a top-level attribute, `name.givenName`, or `<extension URN>:<attribute>`. */
function valueAt(data: Resource, path: string): unknown {
  if (path in data) return data[path];
  const cut = path.startsWith('urn:') ? path.lastIndexOf(':') : path.indexOf('.');
  if (cut < 0) return undefined;
  const parent = data[path.slice(0, cut)];
  return isResource(parent) ? parent[path.slice(cut + 1)] : undefined;
}

function membersOf(data: unknown): Member[] {
  if (!isResource(data) || !Array.isArray(data.members)) return [];
  return (data.members as Member[]).filter((m) => typeof m.value === 'string');
}
