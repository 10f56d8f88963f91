import { isIP } from 'node:net';
import { z } from 'zod';
import { customSchemaUrnProblem, DEFAULT_CUSTOM_SCHEMA_URN } from './attributes/custom-schema-urn.ts';
import { ConfigError } from './config-error.ts';
import { DEFAULT_TOKEN_LIMITS, type TokenLimits } from './shared/token-limits.ts';
import { redactUrl } from './shared/redact-url.ts';

/** Roster's settings, read from the environment (see README, "Configuration"). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  /** PostgreSQL: statements run often are prepared once per connection. */
  readonly databasePreparedStatements: boolean;
  /** SQLite: concurrent writes share one transaction and one fsync. */
  readonly sqliteGroupCommit: boolean;
  /** The origin IdPs reach Roster at; when unset, `http://localhost:<port>`. */
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  /** Provisioning log: entries older than this many days are pruned. */
  readonly logRetentionDays: number;
  /** Provisioning log: the most entries kept, over all tenants (the newest). */
  readonly logMaxRows: number;
  /** Change feed: published events older than this many days are deleted. */
  readonly eventsRetentionDays: number;
  /** Provisioning log: the longest an entry waits in memory before it is written. */
  readonly logFlushMs: number;
  /**
   * Whether to believe X-Forwarded-For/-Proto/-Host and X-Request-Id: `false`, `true` (any
   * proxy), a number of proxy hops, or the proxies' addresses (`10.0.0.1,10.0.0.0/8`). Fastify's trustProxy.
   */
  readonly trustProxy: boolean | number | string;
  /** The URN of the tenants' custom User extension, e.g. `urn:ietf:params:scim:schemas:extension:ivanti:2.0:User`. */
  readonly customSchemaUrn: string;
  /** On SIGTERM/SIGINT, how long in-flight requests may take before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** A second port serving only `/metrics`; undefined: none. */
  readonly metricsPort: number | undefined;
  /** With it, `/metrics` is served on the main port to `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  /** Tenants given their own metric labels; the rest are counted as `other`. */
  readonly metricsMaxTenants: number;
  /** How much of this instance one SCIM token may use: requests at once, waiting, a second. */
  readonly tokenLimits: TokenLimits;
  /** Seals stored secrets (webhook signing secrets); unset: a key file beside an SQLite database. */
  readonly secretKey: string | undefined;
  /** Webhooks may target http:// URLs (tests, closed networks). */
  readonly webhooksAllowHttp: boolean;
  /** Webhooks may target loopback, link-local, private and unique-local addresses. */
  readonly webhooksAllowPrivate: boolean;
}

/** One environment variable: how it is checked, its default, what it means. */
interface Setting {
  readonly schema: z.ZodType;
  /** Completes "<NAME> must be …" when the value does not parse. */
  readonly expected: string;
  /** The value used when the variable is unset or empty; undefined: none. */
  readonly default?: string;
  readonly meaning: string;
  /** How the value is shown (`roster config`, error messages): secrets never are. */
  readonly show?: 'secret' | 'url';
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const ADDRESS_OR_RANGE = /^([0-9a-f.:]+)(?:\/(\d{1,3}))?$/i;
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `true`, `false`, a hop count, or addresses/CIDR ranges (and proxy-addr's names), comma-separated. */
const trustProxy = z
  .string()
  .trim()
  .refine((v) => {
    if (v === 'true' || v === 'false' || /^\d{1,3}$/.test(v)) return true;
    return v.split(',').every((part) => {
      const p = part.trim();
      const m = ADDRESS_OR_RANGE.exec(p);
      return (
        PROXY_NAMES.has(p) ||
        (m !== null &&
          isIP(m[1] ?? '') !== 0 &&
          (m[2] === undefined || Number(m[2]) <= (isIP(m[1] ?? '') === 4 ? 32 : 128)))
      );
    });
  })
  .transform((v): boolean | number | string =>
    v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
  );

/** Every setting Roster reads, in the order `roster config` and the README list them. */
export const SETTINGS = {
  PORT: {
    schema: integer(0, 65535),
    expected: 'an integer from 0 to 65535',
    default: '8080',
    meaning: 'the port to listen on',
  },
  HOST: {
    schema: z.string().trim().min(1),
    expected: 'an address to listen on',
    default: '0.0.0.0',
    meaning: 'the address to listen on',
  },
  ROSTER_DATABASE_URL: {
    schema: z.string().trim().min(1),
    expected: 'an SQLite file path or a postgres:// URL',
    default: './data/roster.db',
    meaning: 'an SQLite file, or a postgres:// URL',
    show: 'url',
  },
  ROSTER_DATABASE_POOL_SIZE: {
    schema: integer(1, 1000),
    expected: 'an integer from 1 to 1000',
    default: '10',
    meaning: 'PostgreSQL connections per instance',
  },
  ROSTER_DATABASE_PREPARED_STATEMENTS: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    expected: 'true or false',
    default: 'true',
    meaning:
      'PostgreSQL: statements run often are prepared once per connection (false behind a pooler that cannot keep them, such as PgBouncer in transaction mode before 1.21)',
  },
  ROSTER_SQLITE_GROUP_COMMIT: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    expected: 'true or false',
    default: 'true',
    meaning:
      'SQLite: concurrent writes share one transaction and one fsync (each still answered only after its commit)',
  },
  ROSTER_PUBLIC_URL: {
    schema: z
      .string()
      .trim()
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) && !new URL(u).search && !new URL(u).hash)
      .transform((u) => u.replace(/\/+$/, '')),
    expected: 'an absolute http(s) URL without query or fragment',
    meaning: 'the origin identity providers reach Roster at (default http://localhost:<PORT>)',
  },
  ROSTER_LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
    default: 'info',
    meaning: 'the server log level',
  },
  ROSTER_TRUST_PROXY: {
    schema: trustProxy,
    expected: 'true, false, a number of proxy hops, or proxy addresses and CIDR ranges separated by commas',
    default: 'false',
    meaning: 'which proxies to believe for the client address, protocol and request id',
  },
  ROSTER_LOG_RETENTION_DAYS: {
    schema: z.coerce.number().positive().max(3650),
    expected: 'a number of days above 0, at most 3650',
    default: '30',
    meaning: 'provisioning log: entries older than this are deleted',
  },
  ROSTER_EVENTS_RETENTION_DAYS: {
    schema: z.coerce.number().positive().max(3650),
    expected: 'a number of days above 0, at most 3650',
    default: '30',
    meaning: 'change feed: published events older than this are deleted (readers further behind get 410)',
  },
  ROSTER_LOG_MAX_ROWS: {
    schema: integer(1, Number.MAX_SAFE_INTEGER),
    expected: 'a positive integer',
    default: '1000000',
    meaning: 'provisioning log: the most entries kept over all tenants',
  },
  ROSTER_LOG_FLUSH_MS: {
    schema: integer(1, 60_000),
    expected: 'an integer from 1 to 60000 (milliseconds)',
    default: '250',
    meaning: 'provisioning log: the longest an entry waits in memory',
  },
  ROSTER_CUSTOM_SCHEMA_URN: {
    schema: z
      .string()
      .trim()
      .superRefine((urn, ctx) => {
        const problem = customSchemaUrnProblem(urn);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    expected: 'a URN',
    default: DEFAULT_CUSTOM_SCHEMA_URN,
    meaning: "the URN of the tenants' custom User extension",
  },
  ROSTER_SHUTDOWN_GRACE_MS: {
    schema: integer(0, 3_600_000),
    expected: 'an integer from 0 to 3600000 (milliseconds)',
    default: '10000',
    meaning: 'on SIGTERM, how long in-flight requests may finish',
  },
  ROSTER_METRICS_PORT: {
    schema: integer(0, 65535),
    expected: 'an integer from 0 to 65535',
    meaning: 'a second port serving only /metrics (default: none; 0 picks a free one)',
  },
  ROSTER_METRICS_TOKEN: {
    schema: z.string().trim().min(16),
    expected: 'at least 16 characters',
    meaning: '/metrics on the main port, for this bearer token (default: not served there)',
    show: 'secret',
  },
  ROSTER_METRICS_MAX_TENANTS: {
    schema: integer(1, 10_000),
    expected: 'an integer from 1 to 10000',
    default: '100',
    meaning: 'metrics: tenants labelled by id; the rest are "other"',
  },
  ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN: {
    schema: integer(1, 10_000),
    expected: 'an integer from 1 to 10000',
    default: String(DEFAULT_TOKEN_LIMITS.maxInFlight),
    meaning: "SCIM: one token's requests worked on at once by this instance; the next ones wait",
  },
  ROSTER_SCIM_SHARED_IN_FLIGHT_PER_TOKEN: {
    schema: integer(1, 10_000),
    expected: 'an integer from 1 to 10000',
    default: String(DEFAULT_TOKEN_LIMITS.sharedInFlight),
    meaning:
      'SCIM: the same while another token has started a request in the last second (at most ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN)',
  },
  ROSTER_SCIM_MAX_QUEUED_PER_TOKEN: {
    schema: integer(0, 100_000),
    expected: 'an integer from 0 to 100000',
    default: String(DEFAULT_TOKEN_LIMITS.maxQueued),
    meaning: "SCIM: one token's requests waiting at this instance; more are answered 429",
  },
  ROSTER_SCIM_RATE_PER_TOKEN: {
    // Entra's documented minimum for a SCIM endpoint is 25 requests a second.
    schema: z.coerce.number().refine((n) => n === 0 || (n >= 25 && n <= 100_000)),
    expected: '0 (no limit) or a number of requests a second from 25 to 100000',
    default: String(DEFAULT_TOKEN_LIMITS.ratePerSecond),
    meaning: "SCIM: one token's requests a second at this instance (bursts of 2 s), beyond them 429; 0: no limit",
  },
  ROSTER_SECRET_KEY: {
    schema: z.string().trim().min(32),
    expected: 'at least 32 characters (e.g. openssl rand -base64 32)',
    meaning:
      'the key that encrypts stored webhook secrets, the same on every instance (default: a key file beside an SQLite database; required for webhooks on PostgreSQL)',
    show: 'secret',
  },
  ROSTER_WEBHOOKS_ALLOW_HTTP: {
    schema: flag,
    expected: 'true or false',
    default: 'false',
    meaning: 'webhooks may target http:// URLs, not only https://',
  },
  ROSTER_WEBHOOKS_ALLOW_PRIVATE: {
    schema: flag,
    expected: 'true or false',
    default: 'false',
    meaning: 'webhooks may target loopback, link-local, private and unique-local addresses',
  },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** How a value is shown: a secret never, a URL without its password. */
export function showValue(name: SettingName, value: string): string {
  const setting: Setting = SETTINGS[name];
  if (setting.show === 'secret') return '[redacted]';
  if (setting.show === 'url') return redactUrl(value);
  return value;
}

/** The raw value of each setting, and where it came from; empty counts as unset. */
export function effectiveSettings(
  env: NodeJS.ProcessEnv = process.env,
): { name: SettingName; value: string | null; source: 'environment' | 'default' }[] {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const raw = env[name]?.trim();
    const setting: Setting = SETTINGS[name];
    if (raw) return { name, value: showValue(name, raw), source: 'environment' };
    return { name, value: setting.default ?? null, source: 'default' };
  });
}

/**
 * Reads and checks the whole environment; every bad value is reported, one line each, so a
 * deployment is fixed in one go.
 *
 * @throws ConfigError e.g. `ROSTER_PUBLIC_URL must be an absolute http(s) URL without query or fragment, got "scim.example.com"`
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const values = new Map<SettingName, unknown>();
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const setting: Setting = SETTINGS[name];
    const raw = env[name]?.trim() ? env[name] : setting.default;
    if (raw === undefined) continue;
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) {
      values.set(name, parsed.data);
    } else {
      const custom = parsed.error.issues.find((i) => i.code === 'custom' && i.message !== 'Invalid input');
      const shown =
        setting.show === 'secret' ? `${raw.length} characters` : JSON.stringify(showValue(name, raw).slice(0, 200));
      problems.push(custom ? `${name} ${custom.message}` : `${name} must be ${setting.expected}, got ${shown}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const get = <T>(name: SettingName) => values.get(name) as T;
  return {
    port: get('PORT'),
    host: get('HOST'),
    databaseUrl: get('ROSTER_DATABASE_URL'),
    databasePoolSize: get('ROSTER_DATABASE_POOL_SIZE'),
    databasePreparedStatements: get('ROSTER_DATABASE_PREPARED_STATEMENTS'),
    sqliteGroupCommit: get('ROSTER_SQLITE_GROUP_COMMIT'),
    publicUrl: get('ROSTER_PUBLIC_URL'),
    logLevel: get('ROSTER_LOG_LEVEL'),
    logRetentionDays: get('ROSTER_LOG_RETENTION_DAYS'),
    logMaxRows: get('ROSTER_LOG_MAX_ROWS'),
    eventsRetentionDays: get('ROSTER_EVENTS_RETENTION_DAYS'),
    logFlushMs: get('ROSTER_LOG_FLUSH_MS'),
    customSchemaUrn: get('ROSTER_CUSTOM_SCHEMA_URN'),
    trustProxy: get('ROSTER_TRUST_PROXY'),
    shutdownGraceMs: get('ROSTER_SHUTDOWN_GRACE_MS'),
    metricsPort: get('ROSTER_METRICS_PORT'),
    metricsToken: get('ROSTER_METRICS_TOKEN'),
    metricsMaxTenants: get('ROSTER_METRICS_MAX_TENANTS'),
    tokenLimits: {
      maxInFlight: get('ROSTER_SCIM_MAX_IN_FLIGHT_PER_TOKEN'),
      sharedInFlight: get('ROSTER_SCIM_SHARED_IN_FLIGHT_PER_TOKEN'),
      maxQueued: get('ROSTER_SCIM_MAX_QUEUED_PER_TOKEN'),
      ratePerSecond: get('ROSTER_SCIM_RATE_PER_TOKEN'),
    },
    secretKey: get('ROSTER_SECRET_KEY'),
    webhooksAllowHttp: get('ROSTER_WEBHOOKS_ALLOW_HTTP'),
    webhooksAllowPrivate: get('ROSTER_WEBHOOKS_ALLOW_PRIVATE'),
  };
}

/**
 * The origin clients reach Roster at: ROSTER_PUBLIC_URL, else `http://localhost:<PORT>`
 * (also the `iss` of the Security Event Tokens webhooks send).
 *
 * @example publicOriginOf(loadConfig()) // 'https://scim.example.com'
 */
export const publicOriginOf = (config: Config): string => config.publicUrl ?? `http://localhost:${config.port}`;

/** The SCIM base URL for IdPs to use. */
export const scimUrlOf = (config: Config): string => `${publicOriginOf(config)}/scim/v2`;
