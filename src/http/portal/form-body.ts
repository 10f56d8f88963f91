import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PortalError } from './portal-error.ts';

/** A submitted form's fields; a repeated field keeps its last value. */
export type FormBody = Readonly<Record<string, string>>;

/** Teaches a Fastify scope to read `application/x-www-form-urlencoded` bodies. */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}

/** The request's form fields (400 when the body is not a form). */
export function formOf(req: FastifyRequest): FormBody {
  const body = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new PortalError(400, 'badRequest', 'Expected a form.');
  return body as FormBody;
}

/** The query string's fields, as strings. */
export function queryOf(req: FastifyRequest): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && typeof value.at(-1) === 'string') out[key] = value.at(-1) as string;
  }
  return out;
}
