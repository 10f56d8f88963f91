import type { SyncFile } from './store/dialect/sqlite-wal-sync.ts';
import { AdminsService } from './admins/admins-service.ts';
import { ApplicationsService } from './applications/applications-service.ts';
import { SessionsService } from './admins/sessions-service.ts';
import { SetupService } from './admins/setup-service.ts';
import { SignInService } from './admins/sign-in-service.ts';
import { AttributeSchemaRegistry } from './attributes/attribute-schema-registry.ts';
import { AttributesService } from './attributes/attributes-service.ts';
import { customSchemaUrnProblem, DEFAULT_CUSTOM_SCHEMA_URN } from './attributes/custom-schema-urn.ts';
import { AuditService } from './audit/audit-service.ts';
import type { Config } from './config.ts';
import { DumpService } from './dump/dump-service.ts';
import { GroupsService } from './provisioning/groups-service.ts';
import type { SchemaRegistry } from './provisioning/schema-registry.ts';
import { UsersService } from './provisioning/users-service.ts';
import { ListService } from './provisioning/list-service.ts';
import { DirectoryService } from './provisioning/directory-service.ts';
import { DirectorySnapshots } from './events/directory-snapshot.ts';
import { DEFAULT_FEED_SETTINGS, EventsService, type FeedSettings } from './events/events-service.ts';
import { DEFAULT_LOG_SETTINGS, ProvisioningLog, type LogSettings } from './provisioning-log/provisioning-log.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import type { PoolState, QueryListener } from './store/dialect/query-timing.ts';
import { migrateToLatest, pendingMigrations } from './store/migrate.ts';
import { openStore } from './store/open-store.ts';
import { pingStore } from './store/ping-store.ts';
import { PlannerStats } from './store/planner-stats.ts';
import { TenantsService } from './tenants/tenants-service.ts';
import { ConnectionsService } from './tokens/connections-service.ts';
import { TokensService } from './tokens/tokens-service.ts';
import { sqliteFileOf } from './store/open-store.ts';
import { SecretBox, secretKeyFor } from './webhooks/secret-box.ts';
import { STRICT_TARGETS, type TargetPolicy } from './webhooks/target-policy.ts';
import { DEFAULT_DELIVERY_SETTINGS, WebhookDelivery, type DeliverySettings } from './webhooks/webhook-delivery.ts';
import { WebhooksService } from './webhooks/webhooks-service.ts';

/** The services of one Roster instance over one store: what the HTTP layer and CLI use. */
export interface Roster {
  readonly schemas: SchemaRegistry;
  /** The tenants' custom attribute definitions, which shape `schemas`. */
  readonly attributes: AttributesService;
  readonly tenants: TenantsService;
  readonly connections: ConnectionsService;
  readonly tokens: TokensService;
  /** The host application's credentials: applications with scopes and their `rsa_` tokens. */
  readonly applications: ApplicationsService;
  readonly audit: AuditService;
  readonly provisioningLog: ProvisioningLog;
  readonly users: UsersService;
  readonly groups: GroupsService;
  readonly lists: ListService;
  /** The directory as the portal browses it: index-ordered pages, prefix search, group members. */
  readonly directory: DirectoryService;
  /** The change feed: every committed change's events, in order per tenant (docs/events.md). */
  readonly events: EventsService;
  /** Every user and group of a tenant as of one point, with the feed's cursor (GET /api/v1/snapshot). */
  readonly snapshots: DirectorySnapshots;
  /** Webhook endpoints: their settings, secrets, replay and delivery log (docs/events.md#webhooks). */
  readonly webhooks: WebhooksService;
  /** Sends each endpoint its events; `roster serve` starts it (start/stop), tests call `runOnce`. */
  readonly webhookDelivery: WebhookDelivery;
  /** Keeps the database's planner statistics fresh; `roster serve` starts it (start/stop). */
  readonly plannerStats: PlannerStats;
  /** Portal accounts, their sessions, signing in and first-run setup. */
  readonly admins: AdminsService;
  readonly sessions: SessionsService;
  readonly signIn: SignInService;
  readonly setup: SetupService;
  /** Tenants exported to and imported from JSON Lines (`roster export`, `roster import`). */
  readonly dump: DumpService;
  /** The time token lifetimes, connection activity and provisioning log entries are read from. */
  readonly clock: Clock;
  /**
   * Resolves when the database answers a trivial query.
   *
   * @throws the driver's error otherwise: log it, never send its message to a client.
   */
  ping(): Promise<void>;
  /** The migrations this version knows that the database has not applied. */
  pendingMigrations(): Promise<string[]>;
  /** Calls `listener` after every database query with its duration (metrics). */
  onQuery(listener: QueryListener | undefined): void;
  /** The PostgreSQL pool's connections in use, idle and awaited; null on SQLite. */
  poolState(): PoolState | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly databaseUrl: Config['databaseUrl'];
  readonly poolSize?: number;
  /** PostgreSQL: statements run often are prepared once per connection (default true). */
  readonly preparedStatements?: boolean;
  /** Provisioning log settings; defaults in {@link DEFAULT_LOG_SETTINGS}. */
  readonly log?: Partial<LogSettings>;
  /** The custom User extension's URN; {@link DEFAULT_CUSTOM_SCHEMA_URN} by default. */
  readonly customSchemaUrn?: string;
  /** How stale a tenant's schemas may be after a definition change made elsewhere (default 2 s). */
  readonly schemaMaxAgeMs?: number;
  /** What the services read the time from; the system clock by default (tests move their own). */
  readonly clock?: Clock;
  /** SQLite: concurrent writes share a transaction and an fsync (default true; benchmarks turn it off to compare). */
  readonly groupCommit?: boolean;
  /** SQLite: how the write-ahead log is made durable (an fdatasync; tests hold it to see who waits). */
  readonly sqliteSync?: SyncFile;
  /** SQLite: background writes (the provisioning log) run inline before the writer thread starts after this many (tests: 0). */
  readonly sqliteWriterThreadAfterJobs?: number;
  /** Change-feed settings; defaults in {@link DEFAULT_FEED_SETTINGS}. */
  readonly events?: Partial<FeedSettings>;
  /** ROSTER_SECRET_KEY: seals stored secrets; unset, a key file beside an SQLite database (none on PostgreSQL). */
  readonly secretKey?: string | undefined;
  /** What webhook URLs may target (ROSTER_WEBHOOKS_ALLOW_HTTP, _ALLOW_PRIVATE); strict by default. */
  readonly webhookTargets?: Partial<TargetPolicy>;
  /** Webhook delivery settings; defaults in {@link DEFAULT_DELIVERY_SETTINGS}. */
  readonly webhookDelivery?: Partial<DeliverySettings>;
  /** Roster's public origin (ROSTER_PUBLIC_URL): the `iss` of the Security Event Tokens webhooks send. */
  readonly publicOrigin?: string;
  /** The jitter's random source (tests make retries predictable). */
  readonly random?: () => number;
}

/** The origin of a Roster with neither ROSTER_PUBLIC_URL nor PORT set. */
const DEFAULT_PUBLIC_ORIGIN = 'http://localhost:8080';

/** Opens the store, brings its schema up to date, and ensures the tenant `default`. */
export async function openRoster(options: OpenOptions): Promise<Roster> {
  const urn = options.customSchemaUrn ?? DEFAULT_CUSTOM_SCHEMA_URN;
  const clock = options.clock ?? systemClock;
  const urnProblem = customSchemaUrnProblem(urn);
  if (urnProblem) throw new Error(`The custom schema URN ${urnProblem}`);
  const store = openStore({
    url: options.databaseUrl,
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
    ...(options.preparedStatements !== undefined ? { preparedStatements: options.preparedStatements } : {}),
    ...(options.groupCommit !== undefined ? { groupCommit: options.groupCommit } : {}),
    ...(options.sqliteSync !== undefined ? { sqliteSync: options.sqliteSync } : {}),
    ...(options.sqliteWriterThreadAfterJobs !== undefined
      ? { sqliteWriterThreadAfterJobs: options.sqliteWriterThreadAfterJobs }
      : {}),
  });
  try {
    await migrateToLatest(store);
    const tenants = new TenantsService(store);
    await tenants.ensure('default');
    const schemas = new AttributeSchemaRegistry(store, urn, {
      ...(options.schemaMaxAgeMs !== undefined ? { maxAgeMs: options.schemaMaxAgeMs } : {}),
    });
    const attributes = new AttributesService(store, urn, (tenantId) => schemas.invalidate(tenantId));
    const provisioningLog = new ProvisioningLog(store, { ...DEFAULT_LOG_SETTINGS, ...options.log }, clock);
    const admins = new AdminsService(store);
    const sessions = new SessionsService(store);
    const events = new EventsService(store, { ...DEFAULT_FEED_SETTINGS, ...options.events }, clock);
    const key = secretKeyFor({ configured: options.secretKey, sqliteFile: sqliteFileOf(options.databaseUrl) });
    const targets = { ...STRICT_TARGETS, ...options.webhookTargets };
    const webhooks = new WebhooksService(
      store,
      events,
      key ? new SecretBox(key) : null,
      targets,
      clock,
      options.publicOrigin ?? DEFAULT_PUBLIC_ORIGIN,
    );
    const plannerStats = new PlannerStats(store);
    const webhookDelivery = new WebhookDelivery(
      store,
      events,
      webhooks,
      targets,
      clock,
      { ...DEFAULT_DELIVERY_SETTINGS, logRetentionDays: options.log?.retentionDays ?? 30, ...options.webhookDelivery },
      options.random,
    );
    return {
      schemas,
      attributes,
      tenants,
      connections: new ConnectionsService(store, clock),
      tokens: new TokensService(store, clock),
      applications: new ApplicationsService(store, clock),
      audit: new AuditService(store),
      provisioningLog,
      users: new UsersService(store, schemas),
      groups: new GroupsService(store, schemas),
      lists: new ListService(store, schemas),
      directory: new DirectoryService(store),
      events,
      snapshots: new DirectorySnapshots(store, schemas, events),
      webhooks,
      webhookDelivery,
      plannerStats,
      admins,
      sessions,
      signIn: new SignInService(store, sessions),
      setup: new SetupService(store, tenants, admins),
      dump: new DumpService(store, urn, clock),
      clock,
      ping: () => pingStore(store),
      pendingMigrations: () => pendingMigrations(store),
      onQuery: (listener) => store.onQuery(listener),
      poolState: () => store.poolState(),
      close: async () => {
        await provisioningLog.stop();
        await webhookDelivery.stop();
        await plannerStats.stop();
        await events.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
