import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Timestamps are ISO-8601 UTC text with milliseconds
 * (`2026-01-02T03:04:05.006Z`) on both dialects, so they sort and compare as text.
 * Booleans are integers 0/1 on both dialects.
 */
export interface Database {
  tenants: TenantsTable;
  idp_connections: ConnectionsTable;
  tokens: TokensTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  audit_events: AuditEventsTable;
  provisioning_log: ProvisioningLogTable;
  attribute_definitions: AttributeDefinitionsTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  setup_codes: SetupCodesTable;
  sign_in_failures: SignInFailuresTable;
  log_activity: LogActivityTable;
  events: EventsTable;
  event_counters: EventCountersTable;
  applications: ApplicationsTable;
  app_tokens: AppTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  resource_counts: ResourceCountsTable;
}

/** A share of a tenant's number of users or groups (migration 0015): the total is the sum of its slots. */
export interface ResourceCountsTable {
  tenant_id: string;
  resource_table: 'users' | 'groups';
  slot: number;
  n: number | string;
}

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  kind: string;
  name: string;
  created_at: string;
}

export interface TokensTable {
  id: string;
  tenant_id: string;
  connection_id: string;
  name: string;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  secret_hash: string;
  /** The secret's last four characters, to tell tokens apart in lists. */
  hint: string;
  status: 'active' | 'inactive';
  created_at: string;
  renewed_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  /** The lifetime given at issue, so that a renewal restarts the same one. */
  lifetime_days: number | null;
  /** When a request first presented the token after it expired (token.expired is recorded once). */
  expiry_noticed_at: string | null;
}

/** A host application's credential holder (migration 0012). */
export interface ApplicationsTable {
  id: string;
  tenant_id: string;
  name: string;
  /** The name lower-cased: unique per tenant. */
  name_key: string;
  /** Comma-separated scopes, sorted. */
  scopes: string;
  created_at: string;
}

/** An application's bearer token. */
export interface AppTokensTable {
  id: string;
  tenant_id: string;
  application_id: string;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  secret_hash: string;
  /** The secret's last four characters. */
  hint: string;
  status: 'active' | 'inactive';
  created_at: string;
  renewed_at: string | null;
  last_used_at: string | null;
}

/** Columns shared by users and groups: the indexed fields and the JSON document. */
interface ResourceColumns {
  tenant_id: string;
  id: string;
  external_id: string | null;
  display_name: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** The resource without id, meta and (for groups) members: JSON text or JSONB. */
  doc: unknown;
}

export interface UsersTable extends ResourceColumns {
  user_name: string;
  user_name_lower: string;
  active: number;
  /** argon2id hash (PHC string) of a provisioned password, never returned. */
  password_hash: string | null;
}

export interface GroupsTable extends ResourceColumns {
  /** Direct members, kept by every membership write in its transaction. */
  member_count: Generated<number>;
}

/** One row per (group, member): a member add or remove touches one row. */
export interface GroupMembersTable {
  tenant_id: string;
  group_id: string;
  member_id: string;
  member_type: 'User' | 'Group';
}

/** Who did what to which token, connection, attribute or tenant; written with the change. */
export interface AuditEventsTable {
  id: string;
  tenant_id: string;
  at: string;
  /** `cli`, `cli:<os user>`, `admin:<email>` or `system`. */
  actor: string;
  actor_kind: string;
  event_type: string;
  target_type: string;
  target_id: string | null;
  /** The IdP kind the event concerns, when it concerns one (for filtering). */
  idp_kind: string | null;
  /** JSON text; names the IdP. */
  details: string;
  /** The id of the HTTP request that caused the event (X-Request-Id); NULL for CLI and system events. */
  request_id: string | null;
}

/** One row per SCIM request. No bodies, no headers. */
export interface ProvisioningLogTable {
  /** Increases with insertion order; the count-based retention cuts on it. PostgreSQL returns it as a string. */
  id: Generated<number>;
  tenant_id: string;
  connection_id: string;
  token_id: string;
  idp_kind: string;
  at: string;
  method: string;
  path: string;
  status: number;
  scim_type: string | null;
  duration_ms: number;
  resource_type: string | null;
  resource_id: string | null;
  user_name: string | null;
  display_name: string | null;
  detail: string | null;
  /** JSON array of attribute names the request carried and Roster ignored; NULL when none. */
  ignored: string | null;
  /** The request's id (X-Request-Id), to follow one request from the proxy's log to here. */
  request_id: string | null;
}

/** A custom attribute of the tenant's extension schema; `/Schemas` and validation are built from these. */
export interface AttributeDefinitionsTable {
  id: string;
  tenant_id: string;
  name: string;
  /** Unique per tenant: SCIM attribute names are case-insensitive. */
  name_lower: string;
  type: string;
  multi_valued: number;
  required: number;
  case_exact: number;
  mutability: string;
  description: string;
  deprecated: number;
  created_at: string;
  updated_at: string;
}

export interface AdminsTable {
  id: string;
  tenant_id: string;
  /** Lower-cased. */
  email: string;
  /** argon2id, PHC string. */
  password_hash: string;
  role: string;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface AdminSessionsTable {
  /** SHA-256 of the session cookie's secret, hex. */
  id_hash: string;
  admin_id: string;
  created_at: string;
  expires_at: string;
}

export interface SetupCodesTable {
  /** SHA-256 of the one-time code, hex. */
  code_hash: string;
  expires_at: string;
}

export interface SignInFailuresTable {
  id: string;
  key: string;
  at: string;
}

export interface LogActivityTable {
  token_id: string;
  /** The UTC hour, `2026-11-26T07`. */
  hour: string;
  connection_id: string;
  requests: number;
  errors: number;
  last_at: string;
}

/**
 * The change feed's outbox: one row per event, inserted in the transaction of the change.
 * `seq` is NULL until the row is published (see src/store/events-store.ts).
 */
export interface EventsTable {
  /** Insertion order (after the write took its locks). PostgreSQL returns it as a string. */
  pos: Generated<number>;
  id: string;
  tenant_id: string;
  /** Per tenant, gap-free, in commit order; NULL until published. PostgreSQL returns it as a string. */
  seq: number | string | null;
  type: string;
  occurred_at: string;
  /** The request (or Bulk) that made the change; NULL for CLI and system changes. */
  txn: string | null;
  connection_id: string | null;
  idp_kind: string | null;
  resource_type: string;
  resource_id: string;
  /** The resource's ETag after the change (`W/"3"`); NULL where the resource has none. */
  resource_version: string | null;
  /** JSON array of the attribute paths an update changed; NULL for other events. */
  changed: string | null;
  /** JSON text: the resource as SCIM returns it, or the members a membership event names. */
  data: string;
}

/** Each tenant's last published `seq`, and the highest `seq` retention has deleted. */
export interface EventCountersTable {
  tenant_id: string;
  last_seq: number | string;
  pruned_through: number | string;
}

/** A webhook endpoint: where to send, what, with which secrets, and how far it got. */
export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string;
  /** JSON array of event types; NULL: every type. */
  event_types: string | null;
  /** What it receives: `roster` (Roster's JSON event) or `set` (an RFC 9967 Security Event Token). */
  format: Generated<'roster' | 'set'>;
  status: 'enabled' | 'disabled';
  /** Why it is disabled: `manual`, `gone` (the receiver answered 410), `failing` (5 days of failures). */
  disabled_reason: string | null;
  /** The signing secret, encrypted (src/webhooks/secret-box.ts). */
  secret: string;
  /** The secret's last four characters, to tell secrets apart. */
  secret_hint: string;
  /** The secret before the last rotation, encrypted; it also signs until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  /** The last seq delivered or passed over. PostgreSQL returns it as a string. */
  cursor: number | string;
  /** Failed attempts at the event after the cursor. */
  attempts: number;
  next_attempt_at: string | null;
  failing_since: string | null;
  last_status: number | null;
  last_delivered_at: string | null;
  /** The instance delivering it, until `lease_until`. */
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

/** One delivery attempt. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: string;
  event_id: string;
  seq: number | string;
  event_type: string;
  attempt: number;
  /** `delivered`, `retrying`, `failed` (the endpoint was disabled), `test`. */
  outcome: string;
  response_status: number | null;
  /** Why there was no 2xx answer: a network error, a timeout, a refused address, a 400's RFC 8935 `err`. */
  error: string | null;
  latency_ms: number;
  at: string;
  next_attempt_at: string | null;
}
