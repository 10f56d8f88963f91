import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { openRoster, type OpenOptions, type Roster } from '../../src/roster.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { freshDatabase, type DialectName } from './dialects.ts';

/** A Roster on a fresh database with one token, driven through `app.inject`. */
export interface TestServer {
  readonly dialect: DialectName;
  readonly app: FastifyInstance;
  readonly roster: Roster;
  readonly token: string;
  readonly tenantId: string;
  /** The database's URL, for a CLI run or a second instance on the same data. */
  readonly databaseUrl: string;
  /** A SCIM request with the token; `path` is below /scim/v2. */
  scim(
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ScimResponse>;
  close(): Promise<void>;
}

export interface ScimResponse {
  readonly status: number;
  readonly body: any;
  readonly headers: LightMyRequestResponse['headers'];
  readonly raw: LightMyRequestResponse;
}

/** Settings of the Roster under test, where a test needs other than the defaults. */
export interface ServerOptions {
  readonly customSchemaUrn?: string;
  /** The clock token lifetimes are measured with: a `manualClock()` lets a test make time pass. */
  readonly clock?: Clock;
  /** Webhooks: the key that seals their secrets (needed on PostgreSQL), what they may target, the SETs' `iss`. */
  readonly secretKey?: string;
  readonly webhookTargets?: OpenOptions['webhookTargets'];
  readonly publicOrigin?: string;
  /** SQLite: how the write-ahead log is synced (a test holds it). */
  readonly sqliteSync?: OpenOptions['sqliteSync'];
  /** Webhook delivery settings (a long `pollMs` shows what does not wait for the poll). */
  readonly webhookDelivery?: OpenOptions['webhookDelivery'];
}

export async function startServer(
  dialect: DialectName,
  idp: 'entra' | 'okta' | 'generic' = 'generic',
  options: ServerOptions = {},
): Promise<TestServer> {
  const db = await freshDatabase(dialect);
  const roster = await openRoster({ databaseUrl: db.url, poolSize: 4, ...options });
  const app = await buildApp({ roster, publicUrl: 'https://roster.test', logLevel: 'silent' });
  const tenant = await roster.tenants.findBySlug('default');
  if (!tenant) throw new Error('no default tenant');
  const connectionId = await roster.tokens.ensureConnection(tenant.id, idp);
  const { secret } = await roster.tokens.issue(tenant.id, connectionId);
  const scim: TestServer['scim'] = async (method, path, body, headers = {}) => {
    const raw = await app.inject({
      method,
      url: `/scim/v2${path}`,
      headers: {
        authorization: `Bearer ${secret}`,
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let parsed: unknown;
    try {
      parsed = raw.body ? JSON.parse(raw.body) : undefined;
    } catch {
      parsed = raw.body;
    }
    return { status: raw.statusCode, body: parsed, headers: raw.headers, raw };
  };
  return {
    dialect,
    app,
    roster,
    token: secret,
    tenantId: tenant.id,
    databaseUrl: db.url,
    scim,
    close: async () => {
      await app.close();
      await roster.close();
      await db.drop();
    },
  };
}
