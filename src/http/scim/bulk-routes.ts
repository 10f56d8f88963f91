import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../scim/discovery/limits.ts';
import { ScimError } from '../../scim/error.ts';
import { URN } from '../../scim/schema/urns.ts';
import { parseBulkRequest, type BulkOperation } from './bulk-request.ts';
import { resolveBulkIds, UnresolvedBulkId } from './bulk-ids.ts';
import { sendScim } from './scim-reply.ts';

interface BulkResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
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
    let pending = bulk.operations.map((op, index) => ({ op, index }));

    const run = async (op: BulkOperation, index: number): Promise<boolean> => {
      let path: string;
      let data: unknown;
      try {
        ({ path, data } = resolveBulkIds(op, created));
      } catch (error) {
        if (!(error instanceof UnresolvedBulkId)) throw error;
        const definedLater = bulk.operations.some(
          (o, i) => o.method === 'POST' && o.bulkId === error.bulkId && !results.has(i),
        );
        if (definedLater) return false;
        throw new ScimError(409, 'invalidValue', error.message);
      }
      const response = await app.inject({
        method: op.method,
        url: `${request.url.replace(/\/Bulk(\?.*)?$/, '')}${path}`,
        headers: {
          authorization: request.headers.authorization ?? '',
          'content-type': 'application/scim+json',
          ...(op.version ? { 'if-match': op.version } : {}),
        },
        ...(data !== undefined ? { payload: JSON.stringify(data) } : {}),
      });
      const ok = response.statusCode < 400;
      const body = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined;
      const location = (body?.meta as { location?: string } | undefined)?.location;
      if (ok && op.method === 'POST' && op.bulkId && body && typeof body.id === 'string') created.set(op.bulkId, body.id);
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
      return true;
    };

    const errorResult = (op: BulkOperation, error: ScimError): BulkResult => ({
      method: op.method,
      ...(op.bulkId ? { bulkId: op.bulkId } : {}),
      status: String(error.status),
      response: error.toBody(),
    });

    while (pending.length > 0 && (bulk.failOnErrors === undefined || errors < bulk.failOnErrors)) {
      const waiting: typeof pending = [];
      for (const item of pending) {
        if (bulk.failOnErrors !== undefined && errors >= bulk.failOnErrors) break;
        try {
          if (!(await run(item.op, item.index))) waiting.push(item);
        } catch (error) {
          if (!(error instanceof ScimError)) throw error;
          results.set(item.index, errorResult(item.op, error));
          errors++;
        }
      }
      if (waiting.length === pending.length) {
        for (const { op, index } of waiting) {
          results.set(index, errorResult(op, new ScimError(409, 'invalidValue', 'Circular bulkId references: these operations wait on each other')));
          errors++;
        }
        break;
      }
      pending = waiting;
    }

    return sendScim(reply, 200, {
      schemas: [URN.bulkResponse],
      Operations: [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
    });
  });
}
