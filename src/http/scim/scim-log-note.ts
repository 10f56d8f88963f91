import type { FastifyRequest } from 'fastify';
import type { TokenPrincipal } from '../../tokens/tokens-service.ts';
import type { ThrottleReason } from './token-limiter.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the provisioning log should know about this request beyond method, path and status. */
    scimLog?: ScimLogNote;
  }
}

/** What handlers learn while answering a request, for its provisioning log entry. */
export interface ScimLogNote {
  /** A known token that was refused (inactive or expired): its tenant still sees the request. */
  readonly refusedToken?: TokenPrincipal;
  /** Why the bearer token was refused (metrics count failures by reason). */
  readonly authFailure?: 'missing' | 'unknown' | 'inactive' | 'expired';
  /** Refused with 429 by the per-token limits, and which one (metrics count them). */
  readonly throttled?: ThrottleReason;
  readonly resourceId?: string;
  readonly userName?: string;
  readonly displayName?: string;
  readonly ignored?: readonly string[];
  readonly scimType?: string;
  readonly detail?: string;
}

/**
 * Adds to the request's provisioning log note.
 *
 * @example noteScimLog(request, { refusedToken: principal })
 */
export function noteScimLog(request: FastifyRequest, note: ScimLogNote): void {
  request.scimLog = { ...request.scimLog, ...note };
}

/**
 * Notes a written resource: its id, userName or displayName, and the attributes ignored.
 *
 * @example const written = await roster.users.create(ctx, request.body); noteWritten(request, written);
 */
export function noteWritten(
  request: FastifyRequest,
  written: { readonly resource: Readonly<Record<string, unknown>>; readonly ignored: readonly string[] },
): void {
  const { id, userName, displayName } = written.resource;
  noteScimLog(request, {
    ...(typeof id === 'string' ? { resourceId: id } : {}),
    ...(typeof userName === 'string' ? { userName } : {}),
    ...(typeof displayName === 'string' ? { displayName } : {}),
    ignored: written.ignored,
  });
}
