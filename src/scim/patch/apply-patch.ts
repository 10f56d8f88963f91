import { badRequest } from '../error.ts';
import type { OnIgnored } from '../resource/coerce-value.ts';
import { isObject } from '../resource/json-value.ts';
import { normalizeResource } from '../resource/normalize-resource.ts';
import { commonAttributes } from '../schema/common.ts';
import { findAttribute, type ResolvedAttribute, type ResourceSchema } from '../schema/resource-schema.ts';
import { assertWritable, checkNetChanges } from './check-mutability.ts';
import { editMultiValued } from './edit-multi-valued.ts';
import { editSingleValued } from './edit-single-valued.ts';
import { inOperation } from './in-operation.ts';
import { memberOpsOf, type MemberOp } from './member-ops.ts';
import { parsePatchBody } from './patch-op.ts';
import type { PatchPath } from './patch-path.ts';
import { expandExtensionValue, expandPathlessValue } from './pathless-value.ts';

export interface PatchResult {
  /** The patched resource, canonical (same form as the input). */
  readonly resource: Record<string, unknown>;
  /** Only for resource types with a `members` attribute (Group). */
  readonly memberOps: readonly MemberOp[];
  /** Unknown attribute names in path-less values, for the provisioning log. */
  readonly ignored: readonly string[];
}

type Kind = 'add' | 'replace' | 'remove';

/**
 * Applies a PATCH request (RFC 7644 section 3.5.2) to a stored resource and returns the
 * new resource; `current` is not modified. Operations apply in order and all-or-nothing:
 * any failure throws and nothing is returned. Group members are not in `current` (they
 * live in rows), so operations on `members` become `memberOps` for the store instead.
 *
 * Beyond the RFC it takes what identity providers send (see `parsePatchBody`,
 * `expandPathlessValue`, `coerceOne`, `eqTerms`): "Replace" in any case, path-less values
 * with dotted and URN-prefixed keys, a bare id for a complex `manager`, one object where
 * an array is due, members removed by a value array, and Okta's group rename that carries
 * the group's own `id` (ignored when equal; any other id is 400 mutability).
 *
 * Null values mean absent: add null adds nothing, replace with null removes. The result
 * goes through `normalizeResource` once more, so types and required attributes are checked
 * on the whole resource. A result equal to `current` with no memberOps is a no-op, which
 * should not touch `meta.lastModified` (RFC 7644 3.5.2.1).
 *
 * @throws ScimError 400 invalidSyntax, invalidPath, invalidValue, noTarget or mutability,
 * the detail prefixed with the failing operation (`Operations[2]: ...`).
 * @example
 * applyPatch(groupResourceSchema, { id: 'g1', displayName: 'Old' }, {
 *   schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
 *   Operations: [
 *     { op: 'Replace', value: { id: 'g1', displayName: 'New' } },
 *     { op: 'Remove', path: 'members[value eq "u1"]' },
 *   ],
 * })
 * // => { resource: { schemas: [...], id: 'g1', displayName: 'New' },
 * //      memberOps: [{ kind: 'remove', values: ['u1'] }], ignored: [] }
 */
export function applyPatch(rs: ResourceSchema, current: Record<string, unknown>, body: unknown): PatchResult {
  const operations = parsePatchBody(rs, body);
  const ignored: string[] = [];
  const onIgnored: OnIgnored = (path) => void ignored.push(path);
  const membersDef = findAttribute(rs.core.attributes, 'members');
  const doc: Record<string, unknown> = { ...current };
  const memberOps: MemberOp[] = [];

  const apply = (kind: Kind, path: PatchPath, value: unknown): void => {
    // Null is "absent": adding it adds nothing (replacing with it removes, further down).
    if (kind === 'add' && value === null) return;
    switch (path.kind) {
      case 'extension': {
        if (kind === 'remove' || value === null) {
          delete doc[path.schema.id];
          return;
        }
        const entries = expandExtensionValue(rs, path.schema, value, onIgnored);
        for (const entry of entries) apply(kind, entry.path, entry.value);
        return;
      }
      case 'attribute':
      case 'valuePath': {
        const { target } = path;
        if (!target.inExtension && target.attribute === membersDef) {
          memberOps.push(...memberOpsOf(kind, path, value));
          return;
        }
        // Okta's group rename sends the group's own id along; only a different id is a change.
        if (isId(target) && kind !== 'remove' && value === current['id']) return;
        assertWritable(target);
        const old = read(doc, target);
        const next =
          path.kind === 'valuePath' || target.attribute.multiValued
            ? editMultiValued(kind, rs, path, old, value, onIgnored)
            : editSingleValued(kind, target, old, value, onIgnored);
        write(doc, target, next);
        return;
      }
    }
  };

  for (const op of operations) {
    inOperation(op.index, () => {
      if (op.path) return apply(op.kind, op.path, op.value);
      if (op.kind === 'remove' || !isObject(op.value)) throw badRequest('noTarget', 'The operation has no path');
      for (const entry of expandPathlessValue(rs, op.value, onIgnored)) apply(op.kind, entry.path, entry.value);
    });
  }

  checkNetChanges(rs, current, doc);
  // normalizeResource drops id (readOnly) and rebuilds schemas from the extensions present.
  const { id, schemas: _schemas, ...attributes } = doc;
  const normalized = normalizeResource(rs, attributes, 'replace');
  const { schemas, ...rest } = normalized.resource;
  return {
    resource: id === undefined ? normalized.resource : { schemas, id, ...rest },
    memberOps,
    ignored: [...ignored, ...normalized.ignored],
  };
}

const isId = (target: ResolvedAttribute): boolean =>
  target.schema === commonAttributes && target.attribute.name === 'id' && !target.sub;

function read(doc: Readonly<Record<string, unknown>>, target: ResolvedAttribute): unknown {
  const container = target.inExtension ? doc[target.schema.id] : doc;
  return isObject(container) ? container[target.attribute.name] : undefined;
}

/** Sets (or, for undefined, deletes) the attribute; an extension left empty goes away. */
function write(doc: Record<string, unknown>, target: ResolvedAttribute, value: unknown): void {
  const name = target.attribute.name;
  if (!target.inExtension) {
    if (value === undefined) delete doc[name];
    else doc[name] = value;
    return;
  }
  const urn = target.schema.id;
  const extension = { ...(isObject(doc[urn]) ? doc[urn] : {}) };
  if (value === undefined) delete extension[name];
  else extension[name] = value;
  if (Object.keys(extension).length > 0) doc[urn] = extension;
  else delete doc[urn];
}
