import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AdminRole } from '../../src/admins/admin-role.ts';
import { buildApp } from '../../src/http/app.ts';
import { openRoster, type OpenOptions, type Roster } from '../../src/roster.ts';
import { freshDatabase, type DialectName } from './dialects.ts';

export interface PortalResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

/** A browser-like client of the portal over `app.inject`: it keeps cookies and posts forms. */
export interface PortalAgent {
  /** The account's email and password. */
  readonly email: string;
  readonly password: string;
  get(path: string, headers?: Record<string, string>): Promise<PortalResponse>;
  /** Posts a form; adds the `_csrf` field of the signed-in session unless the form has one. */
  post(path: string, form?: Record<string, string>, headers?: Record<string, string>): Promise<PortalResponse>;
  /** The CSRF token the session's forms carry. */
  readonly csrf: string;
  /** The cookies the agent holds, as a Cookie header. */
  cookieHeader(): string;
}

export interface TestPortal {
  readonly dialect: DialectName;
  readonly app: FastifyInstance;
  readonly roster: Roster;
  /** The tenant `default`. */
  readonly tenantId: string;
  /** The database's URL, for a CLI run on the same data. */
  readonly databaseUrl: string;
  /** A signed-out client. */
  anonymous(): PortalAgent;
  /** Creates an account with the role (in tenant `default` unless told) and signs it in through the form. */
  signIn(role: AdminRole, options?: { tenantId?: string; email?: string; locale?: string }): Promise<PortalAgent>;
  /** A SCIM request with a bearer token; `path` is below /scim/v2. */
  scim(
    token: string,
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** The value of the first `name="_csrf"` hidden field of a page. */
export const csrfOf = (page: string): string => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

let accounts = 0;

/** How the app under test is reached; by default behind `https://roster.test`, trusting no proxy. */
export interface PortalOptions {
  readonly publicUrl?: string | undefined;
  readonly trustProxy?: boolean | number | string;
  /** More options for the Roster under test (webhook targets, a clock). */
  readonly roster?: Partial<OpenOptions>;
}

export async function startPortal(
  dialect: DialectName,
  options: PortalOptions = { publicUrl: 'https://roster.test' },
): Promise<TestPortal> {
  const db = await freshDatabase(dialect);
  // On PostgreSQL no key file is made beside the database: the tests give the setting.
  const roster = await openRoster({
    databaseUrl: db.url,
    poolSize: 4,
    secretKey: 'the portal tests key, long enough to be accepted',
    ...options.roster,
  });
  const app = await buildApp({
    roster,
    publicUrl: options.publicUrl,
    logLevel: 'silent',
    trustProxy: options.trustProxy ?? false,
  });
  const tenant = await roster.tenants.findBySlug('default');
  if (!tenant) throw new Error('no default tenant');

  const agent = (
    email = '',
    password = '',
    baseHeaders: Record<string, string> = {},
  ): PortalAgent & { setCsrf(v: string): void } => {
    const jar = new Map<string, string>();
    let csrf = '';
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const send = async (options: InjectOptions): Promise<PortalResponse> => {
      const res = await app.inject({
        ...options,
        headers: { ...baseHeaders, cookie: cookieHeader(), ...(options.headers as Record<string, string>) },
      });
      const set = res.headers['set-cookie'];
      for (const line of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq);
        const value = pair.slice(eq + 1);
        if (/Max-Age=0/.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      return { status: res.statusCode, headers: res.headers, body: res.body };
    };
    return {
      email,
      password,
      get csrf() {
        return csrf;
      },
      setCsrf: (v: string) => {
        csrf = v;
      },
      cookieHeader,
      get: (path, headers = {}) => send({ method: 'GET', url: path, headers }),
      post: (path, form = {}, headers = {}) =>
        send({
          method: 'POST',
          url: path,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
        }),
    };
  };

  return {
    dialect,
    app,
    roster,
    tenantId: tenant.id,
    databaseUrl: db.url,
    anonymous: () => agent(),
    async signIn(role, options = {}) {
      accounts += 1;
      const email = options.email ?? `${role}-${accounts}@example.com`;
      const password = `correct horse ${accounts} battery`;
      await roster.admins.create(
        options.tenantId ?? tenant.id,
        { email, password, role },
        { kind: 'cli', user: 'test' },
      );
      const a = agent(email, password, options.locale ? { 'accept-language': options.locale } : {});
      const form = await a.get('/admin/sign-in');
      a.setCsrf(csrfOf(form.body));
      const res = await a.post('/admin/sign-in', { email, password });
      if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${res.body.slice(0, 300)}`);
      const page = await a.get('/admin/identity/user-provisioning');
      a.setCsrf(csrfOf(page.body));
      if (!a.csrf) throw new Error(`no CSRF token on the signed-in page (${page.status})`);
      return a;
    },
    async scim(token, method, path, body) {
      const res = await app.inject({
        method,
        url: `/scim/v2${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    },
    async close() {
      await app.close();
      await roster.close();
      await db.drop();
    },
  };
}
