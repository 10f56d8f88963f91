import { LIMITS } from '../../scim/discovery/limits.ts';
import { ScimError } from '../../scim/error.ts';
import { URN } from '../../scim/schema/urns.ts';

export interface BulkOperation {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly bulkId?: string;
  readonly version?: string;
  readonly path: string;
  readonly data?: unknown;
}

export interface BulkRequest {
  readonly failOnErrors?: number;
  readonly operations: readonly BulkOperation[];
}

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An id the operation's URL can carry: decodable, and no `.`/`..` that a URL would resolve away. */
function isUsableId(id: string): boolean {
  try {
    const decoded = decodeURIComponent(id);
    return decoded !== '.' && decoded !== '..';
  } catch {
    return false;
  }
}
const bad = (detail: string) => new ScimError(400, 'invalidSyntax', detail);

/** Checks a BulkRequest body (RFC 7644 section 3.7); any problem refuses the whole request. */
export function parseBulkRequest(body: unknown): BulkRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('A bulk request body must be a JSON object');
  }
  const b = body as Record<string, unknown>;
  if (
    !Array.isArray(b.schemas) ||
    !b.schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.bulkRequest.toLowerCase())
  ) {
    throw bad(`A bulk request must list "${URN.bulkRequest}" in schemas`);
  }
  const key = Object.keys(b).find((k) => k.toLowerCase() === 'operations');
  const ops = key === undefined ? undefined : b[key];
  if (!Array.isArray(ops) || ops.length === 0) throw bad('A bulk request needs a non-empty "Operations" array');
  if (ops.length > LIMITS.bulkMaxOperations) {
    throw new ScimError(
      413,
      undefined,
      `A bulk request may hold at most ${LIMITS.bulkMaxOperations} operations; this one has ${ops.length}`,
    );
  }
  const failOnErrors = b.failOnErrors;
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)) {
    throw new ScimError(400, 'invalidValue', 'failOnErrors must be a positive integer');
  }
  const seen = new Set<string>();
  const operations = ops.map((raw, i): BulkOperation => {
    if (typeof raw !== 'object' || raw === null) throw bad(`Operations[${i}] must be an object`);
    const op = raw as Record<string, unknown>;
    const method = typeof op.method === 'string' ? op.method.toUpperCase() : '';
    if (!METHODS.has(method)) throw bad(`Operations[${i}].method must be POST, PUT, PATCH or DELETE`);
    if (typeof op.path !== 'string' || !/^\/(Users|Groups)(\/[^/?#]+)?$/i.test(op.path)) {
      throw bad(`Operations[${i}].path must be /Users, /Groups or /Users/{id}, /Groups/{id}`);
    }
    const id = op.path.split('/')[2];
    const hasId = id !== undefined;
    if (hasId && !isUsableId(id)) {
      throw bad(`Operations[${i}].path: "${id}" is not a resource id (bad percent-encoding, or a dot segment)`);
    }
    if ((method === 'POST') === hasId) {
      throw bad(
        `Operations[${i}]: ${method} ${method === 'POST' ? 'takes a resource type path' : 'needs a resource id in its path'}`,
      );
    }
    if (op.bulkId !== undefined && (typeof op.bulkId !== 'string' || op.bulkId === ''))
      throw bad(`Operations[${i}].bulkId must be a non-empty string`);
    if (method === 'POST' && op.bulkId === undefined) throw bad(`Operations[${i}]: POST needs a bulkId`);
    if (typeof op.bulkId === 'string') {
      if (seen.has(op.bulkId)) throw bad(`Operations[${i}]: bulkId "${op.bulkId}" is used twice`);
      seen.add(op.bulkId);
    }
    if (op.version !== undefined && typeof op.version !== 'string')
      throw bad(`Operations[${i}].version must be a string`);
    if (method !== 'DELETE' && (typeof op.data !== 'object' || op.data === null))
      throw bad(`Operations[${i}] needs "data"`);
    return {
      method: method as BulkOperation['method'],
      path: op.path,
      ...(typeof op.bulkId === 'string' ? { bulkId: op.bulkId } : {}),
      ...(typeof op.version === 'string' ? { version: op.version } : {}),
      ...(method !== 'DELETE' ? { data: op.data } : {}),
    };
  });
  return { ...(failOnErrors !== undefined ? { failOnErrors: failOnErrors as number } : {}), operations };
}
