import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request's cookies by name (the first of a repeated name wins). */
export function cookiesOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is treated as absent.
    }
  }
  return out;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie; absent makes it last for the browser session. */
  readonly maxAge?: number;
  readonly httpOnly?: boolean;
  readonly sameSite: 'Strict' | 'Lax';
  readonly secure: boolean;
}

/** Adds a Set-Cookie header scoped to the portal's path. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/admin', `SameSite=${options.sameSite}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}

/**
 * Whether cookies must be Secure: the request came over HTTPS, or Roster's public URL is
 * HTTPS (TLS ended at a proxy in front of it).
 */
export const secureCookies = (req: FastifyRequest): boolean =>
  req.protocol === 'https' || (req.server.publicUrl?.startsWith('https:') ?? false);
