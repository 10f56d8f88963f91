import type { BulkOperation } from './bulk-request.ts';

/** An operation refers to a bulkId whose resource does not exist (yet). */
export class UnresolvedBulkId extends Error {
  constructor(readonly bulkId: string) {
    super(`bulkId "${bulkId}" does not name a resource created in this request`);
  }
}

const REF = /^bulkId:(.+)$/;

function resolve(value: unknown, created: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const m = REF.exec(value);
    if (!m?.[1]) return value;
    const id = created.get(m[1]);
    if (id === undefined) throw new UnresolvedBulkId(m[1]);
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, created));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, created)]));
  }
  return value;
}

/** The operation's path and data with every `bulkId:<id>` replaced by the created resource's id. */
export function resolveBulkIds(
  op: BulkOperation,
  created: ReadonlyMap<string, string>,
): { path: string; data: unknown } {
  const [, type, id] = op.path.split('/');
  const path =
    id === undefined ? op.path : `/${type}/${encodeURIComponent(String(resolve(decodeURIComponent(id), created)))}`;
  return { path, data: resolve(op.data, created) };
}
