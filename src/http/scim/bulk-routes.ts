import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../scim/discovery/limits.ts';
import { ScimError } from '../../scim/error.ts';
import { URN } from '../../scim/schema/urns.ts';
import { parseBulkRequest, type BulkOperation } from './bulk-request.ts';
import { resolveBulkIds, UnresolvedBulkId } from './bulk-ids.ts';
import { bulkOrder } from './bulk-order.ts';
import { baseUrlOf } from '../base-url.ts';
import { asPartOf } from '../request-id.ts';
import { sendScim } from './scim-reply.ts';

interface BulkResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
}

/** `Users` or `Groups`, however the operation's path spelled it (routes ignore case). */
const resourceTypeOf = (path: string): 'Users' | 'Groups' =>
  path.split('/')[1]?.toLowerCase() === 'users' ? 'Users' : 'Groups';

/** An operation's response body: SCIM JSON, or nothing (204). */
function parseBody(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { detail: text };
  }
}

/**
 * POST /Bulk (RFC 7644 section 3.7). Each operation runs as its own request through this
 * same server (same authentication, validation and transactions), in order; an operation
 * that refers to a bulkId created later waits for it. `failOnErrors` stops after that
 * many errors.
 */
export function registerBulkRoutes(app: FastifyInstance): void {
  app.post('/Bulk', { bodyLimit: LIMITS.bulkMaxPayloadSize }, async (request, reply) => {
    const bulk = parseBulkRequest(request.body);
    const created = new Map<string, string>();
    const results = new Map<number, BulkResult>();
    let errors = 0;

    const run = async (op: BulkOperation, index: number): Promise<void> => {
      let path: string;
      let data: unknown;
      try {
        ({ path, data } = resolveBulkIds(op, created));
      } catch (error) {
        // Undefined, or defined by a POST that failed: bulkOrder ran every definer first.
        if (!(error instanceof UnresolvedBulkId)) throw error;
        throw new ScimError(409, 'invalidValue', error.message);
      }
      const response = await asPartOf(request, (inner) =>
        app.inject({
          method: op.method,
          // The plugin's prefix, not the request's URL: that may be /bulk, /Bulk/ or carry a query.
          url: `${app.prefix}${path}`,
          headers: {
            ...inner,
            authorization: request.headers.authorization ?? '',
            'content-type': 'application/scim+json',
            ...(op.version ? { 'if-match': op.version } : {}),
          },
          ...(data !== undefined ? { payload: JSON.stringify(data) } : {}),
        }),
      );
      const ok = response.statusCode < 400;
      const body = parseBody(response.body);
      const id = op.method === 'POST' ? (ok && typeof body?.id === 'string' ? body.id : undefined) : path.split('/')[2];
      // RFC 7644 3.7.3: every result has a location, except a POST that failed. Built from
      // this request, not the operation's: an injected request does not know our host.
      const location = id === undefined ? undefined : `${baseUrlOf(request)}/${resourceTypeOf(path)}/${id}`;
      if (ok && op.method === 'POST' && op.bulkId && body && typeof body.id === 'string')
        created.set(op.bulkId, body.id);
      const etag = response.headers.etag;
      results.set(index, {
        method: op.method,
        ...(op.bulkId ? { bulkId: op.bulkId } : {}),
        ...(typeof etag === 'string' ? { version: etag } : {}),
        ...(location ? { location } : {}),
        status: String(response.statusCode),
        ...(!ok ? { response: body } : {}),
      });
      if (!ok) errors++;
    };

    const errorResult = (op: BulkOperation, error: ScimError): BulkResult => ({
      method: op.method,
      ...(op.bulkId ? { bulkId: op.bulkId } : {}),
      status: String(error.status),
      response: error.toBody(),
    });

    const { order, circular } = bulkOrder(bulk.operations);
    const stopped = () => bulk.failOnErrors !== undefined && errors >= bulk.failOnErrors;
    for (const index of order) {
      if (stopped()) break;
      const op = bulk.operations[index]!;
      try {
        await run(op, index);
      } catch (error) {
        if (!(error instanceof ScimError)) throw error;
        results.set(index, errorResult(op, error));
        errors++;
      }
    }
    for (const index of circular) {
      if (stopped()) break;
      results.set(
        index,
        errorResult(
          bulk.operations[index]!,
          new ScimError(409, 'invalidValue', 'Circular bulkId references: these operations wait on each other'),
        ),
      );
      errors++;
    }

    return sendScim(reply, 200, {
      schemas: [URN.bulkResponse],
      Operations: [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
    });
  });
}
