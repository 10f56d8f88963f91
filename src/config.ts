import { z } from 'zod';

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
}

/** Reads and checks the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.ROSTER_DATABASE_URL,
    databasePoolSize: c.ROSTER_DATABASE_POOL_SIZE,
    publicUrl: c.ROSTER_PUBLIC_URL,
    logLevel: c.ROSTER_LOG_LEVEL,
  };
}

/** The SCIM base URL for IdPs to use. */
export const scimUrlOf = (config: Config): string =>
  `${config.publicUrl ?? `http://localhost:${config.port}`}/scim/v2`;
