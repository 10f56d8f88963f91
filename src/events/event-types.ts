/**
 * Every type of change-feed event. Resource events carry the resource as SCIM returns it;
 * membership events carry at most {@link MEMBERS_PER_EVENT} members each; token and
 * connection events mirror the audit history for the host application's own records.
 */
export const EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members_added',
  'group.members_removed',
  'token.created',
  'token.renewed',
  'token.activated',
  'token.deactivated',
  'token.deleted',
  'token.expired',
  'connection.created',
  'connection.renamed',
  'connection.deleted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** A membership change naming more members is split into several events sharing one `txn`. */
export const MEMBERS_PER_EVENT = 1000;

export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);
