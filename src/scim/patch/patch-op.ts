import { badRequest } from '../error.ts';
import { describeValue, isObject } from '../resource/json-value.ts';
import type { ResourceSchema } from '../schema/resource-schema.ts';
import { URN } from '../schema/urns.ts';
import { inOperation } from './in-operation.ts';
import { parsePatchPath, type PatchPath } from './patch-path.ts';

/**
 * One PATCH operation, validated and with its path parsed; `index` is its place in
 * `Operations`. `value` is as the client sent it (undefined when absent): its coercion
 * depends on the target, which only the applier knows.
 */
export type PatchOperation =
  | { readonly kind: 'add'; readonly index: number; readonly path: PatchPath | undefined; readonly value: unknown }
  | { readonly kind: 'replace'; readonly index: number; readonly path: PatchPath | undefined; readonly value: unknown }
  | { readonly kind: 'remove'; readonly index: number; readonly path: PatchPath; readonly value: unknown };

/**
 * More operations than this in one request are refused (400 invalidSyntax, not tooMany:
 * RFC 7644 defines tooMany for filters that match too much). IdPs send one operation per
 * changed attribute and batch members inside one operation, so this is far above real use.
 */
export const MAX_OPERATIONS = 1000;

const OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace']);

/**
 * Validates a PATCH body (RFC 7644 section 3.5.2) and parses each operation's path.
 * `schemas` must list the PatchOp URN; `Operations`, `op`, `path` and `value` are matched
 * case-insensitively, and so are the op names (Entra sends "Replace"). A `path` of null is
 * taken as absent.
 *
 * @throws ScimError 400 invalidSyntax for a malformed body or operation, invalidPath for a
 * bad path, noTarget for a remove without a path, invalidValue for a path-less add or
 * replace whose value is not an object.
 * @example
 * parsePatchBody(rs, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
 * // => [{ kind: 'replace', index: 0, path: { kind: 'attribute', ... }, value: 'False' }]
 */
export function parsePatchBody(rs: ResourceSchema, body: unknown): readonly PatchOperation[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The PATCH body must be a JSON object');
  const schemas = member(body, 'schemas', 'The PATCH body');
  const patchOp = URN.patchOp.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === patchOp)) {
    throw badRequest('invalidSyntax', `"schemas" must be an array containing "${URN.patchOp}"`);
  }
  const operations = member(body, 'Operations', 'The PATCH body');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', `"Operations" must be a non-empty array, got ${describeValue(operations)}`);
  }
  if (operations.length > MAX_OPERATIONS) {
    throw badRequest(
      'invalidSyntax',
      `"Operations" holds ${operations.length} operations; the limit is ${MAX_OPERATIONS}`,
    );
  }
  return operations.map((raw: unknown, index) => inOperation(index, () => parseOperation(rs, raw, index)));
}

function parseOperation(rs: ResourceSchema, raw: unknown, index: number): PatchOperation {
  if (!isObject(raw)) throw badRequest('invalidSyntax', `An operation must be an object, got ${describeValue(raw)}`);
  const op = member(raw, 'op', 'An operation');
  const kind = typeof op === 'string' ? op.toLowerCase() : '';
  if (!OPS.has(kind)) {
    throw badRequest('invalidSyntax', `"op" must be "add", "remove" or "replace", got ${describeValue(op)}`);
  }
  const rawPath = member(raw, 'path', 'An operation');
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw badRequest('invalidPath', `"path" must be a string, got ${describeValue(rawPath)}`);
  }
  const path = typeof rawPath === 'string' ? parsePatchPath(rs, rawPath) : undefined;
  const value = member(raw, 'value', 'An operation');
  if (kind === 'remove') {
    if (!path) throw badRequest('noTarget', 'A "remove" operation needs a "path"');
    return { kind: 'remove', index, path, value };
  }
  if (value === undefined) throw badRequest('invalidSyntax', `An "${kind}" operation needs a "value"`);
  if (!path && !isObject(value)) {
    throw badRequest(
      'invalidValue',
      `Without a "path", the value of "${kind}" must be an object of attributes, got ${describeValue(value)}`,
    );
  }
  return { kind: kind === 'add' ? 'add' : 'replace', index, path, value };
}

/** The member named `name` in any letter case; two spellings of one name are ambiguous. */
function member(object: Readonly<Record<string, unknown>>, name: string, what: string): unknown {
  const keys = Object.keys(object).filter((k) => k.toLowerCase() === name.toLowerCase());
  if (keys.length > 1) throw badRequest('invalidSyntax', `${what} has "${name}" twice: ${keys.join(', ')}`);
  return keys[0] === undefined ? undefined : object[keys[0]];
}
