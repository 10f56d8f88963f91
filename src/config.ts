import { z } from 'zod';
import { customSchemaUrnProblem, DEFAULT_CUSTOM_SCHEMA_URN } from './attributes/custom-schema-urn.ts';
import { ConfigError } from './config-error.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  ROSTER_DATABASE_URL: z.string().min(1).default('./data/roster.db'),
  ROSTER_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  ROSTER_PUBLIC_URL: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  ROSTER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROSTER_LOG_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  ROSTER_LOG_MAX_ROWS: z.coerce.number().int().min(1).default(1_000_000),
  ROSTER_LOG_FLUSH_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  ROSTER_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' || v === '' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  ROSTER_CUSTOM_SCHEMA_URN: z
    .string()
    .trim()
    .default(DEFAULT_CUSTOM_SCHEMA_URN)
    .superRefine((urn, ctx) => {
      const problem = customSchemaUrnProblem(urn);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

/** Roster's settings, read from the environment (see README, "Configuration"). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  /** The origin IdPs reach Roster at; when unset, `http://localhost:<port>`. */
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  /** Provisioning log: entries older than this many days are pruned. */
  readonly logRetentionDays: number;
  /** Provisioning log: the most entries kept, over all tenants (the newest). */
  readonly logMaxRows: number;
  /** Provisioning log: the longest an entry waits in memory before it is written. */
  readonly logFlushMs: number;
  /**
   * Whether to believe X-Forwarded-For/-Proto/-Host: `false`, `true` (any proxy), a number
   * of proxy hops, or the proxies' addresses (`10.0.0.1,10.0.0.0/8`). Fastify's trustProxy.
   */
  readonly trustProxy: boolean | number | string;
  /** The URN of the tenants' custom User extension, e.g. `urn:ietf:params:scim:schemas:extension:ivanti:2.0:User`. */
  readonly customSchemaUrn: string;
}

/** Reads and checks the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.ROSTER_DATABASE_URL,
    databasePoolSize: c.ROSTER_DATABASE_POOL_SIZE,
    publicUrl: c.ROSTER_PUBLIC_URL,
    logLevel: c.ROSTER_LOG_LEVEL,
    logRetentionDays: c.ROSTER_LOG_RETENTION_DAYS,
    logMaxRows: c.ROSTER_LOG_MAX_ROWS,
    logFlushMs: c.ROSTER_LOG_FLUSH_MS,
    customSchemaUrn: c.ROSTER_CUSTOM_SCHEMA_URN,
    trustProxy: c.ROSTER_TRUST_PROXY,
  };
}

/** The SCIM base URL for IdPs to use. */
export const scimUrlOf = (config: Config): string =>
  `${config.publicUrl ?? `http://localhost:${config.port}`}/scim/v2`;
