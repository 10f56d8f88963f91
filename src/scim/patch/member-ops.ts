import { badRequest } from '../error.ts';
import type { Filter } from '../filter/ast.ts';
import { describeValue, isObject } from '../resource/json-value.ts';
import type { PatchPath } from './patch-path.ts';

/**
 * A member as a PATCH names it: the member's id and, optionally, the type the client sent
 * (the store compares it with what the member is, and notes a difference).
 */
export type MemberRef = { readonly value: string; readonly type?: string };

/** Group membership changes, in request order; the store applies them row by row (never loading all members). */
export type MemberOp =
  | { readonly kind: 'add'; readonly members: readonly MemberRef[] }
  | { readonly kind: 'remove'; readonly values: readonly string[] } // by member id
  // members[<filter>] not reducible to ids; paths in the filter are member sub-attributes (value, type, display)
  | { readonly kind: 'removeWhere'; readonly filter: Filter }
  | { readonly kind: 'removeAll' }
  | { readonly kind: 'replace'; readonly members: readonly MemberRef[] };

/** The path of an operation on `members`; undefined for a path-less value's `members` key. */
type MembersPath = Extract<PatchPath, { kind: 'attribute' | 'valuePath' }>;

/**
 * Turns one operation on a Group's `members` into membership changes, without looking at
 * the current members (they live in rows):
 *
 * - add `members` → add; replace `members` (or a path-less `members` key) → replace;
 * - remove `members` → removeAll, or remove by id with a value array (Entra);
 * - `members[value eq "a" or value eq "b"]` → remove by id; any other filter → removeWhere;
 * - replace `members[filter]` → that removal, then add the value.
 *
 * A null value means absent: add null changes nothing, replace null empties the group.
 * Member sub-attributes are immutable or readOnly, so a path into them is 400 mutability;
 * because rows are not loaded, a filter that matches no member cannot be reported
 * (noTarget) and simply removes nothing.
 *
 * @throws ScimError 400 invalidValue for a member without a non-empty string `value` or
 * with a `type` that is not a string; mutability or invalidPath for unusable paths.
 * @example memberOpsOf('remove', parsePatchPath(rs, 'members[value eq "42"]'), undefined)
 * // => [{ kind: 'remove', values: ['42'] }]
 */
export function memberOpsOf(
  kind: 'add' | 'replace' | 'remove',
  path: MembersPath,
  value: unknown,
): readonly MemberOp[] {
  if (path.target.sub) {
    throw badRequest(
      'mutability',
      `"${path.text}": member sub-attributes cannot be changed; add or remove the member instead`,
    );
  }
  switch (kind) {
    case 'add': {
      if (path.kind === 'valuePath') {
        throw badRequest('invalidPath', `"${path.text}": a filter selects existing members; add to "members"`);
      }
      const members = memberRefs(value);
      return members.length > 0 ? [{ kind: 'add', members }] : [];
    }
    case 'replace': {
      if (path.kind === 'attribute') return [{ kind: 'replace', members: memberRefs(value) }];
      const members = memberRefs(value);
      return members.length > 0 ? [removal(path.filter), { kind: 'add', members }] : [removal(path.filter)];
    }
    case 'remove': {
      if (path.kind === 'valuePath') return [removal(path.filter)];
      if (value === undefined || value === null) return [{ kind: 'removeAll' }];
      const values = memberRefs(value).map((m) => m.value);
      return values.length > 0 ? [{ kind: 'remove', values }] : [];
    }
  }
}

const isPossibleId = (id: string): boolean => !id.includes('\u0000');

/** Reads members from a value array (a single object or a bare id is accepted too). */
function memberRefs(value: unknown): readonly MemberRef[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== null).map(memberRef);
}

function memberRef(raw: unknown): MemberRef {
  const fields = isObject(raw) ? raw : { value: raw };
  const pick = (name: string): unknown => Object.entries(fields).find(([k]) => k.toLowerCase() === name)?.[1];
  const value = pick('value');
  if (typeof value !== 'string' || value.trim() === '' || !isPossibleId(value)) {
    throw badRequest(
      'invalidValue',
      `Each member needs a "value" holding the member's id, got ${describeValue(value)}`,
    );
  }
  const type = pick('type');
  if (type === undefined || type === null) return { value };
  if (typeof type !== 'string') {
    throw badRequest(
      'invalidValue',
      `A member's "type" must be a string ("User" or "Group"), got ${describeValue(type)}`,
    );
  }
  return { value, type };
}

/** Removal by ids when the filter is `value eq "..."` terms joined by `or`; else by filter. */
function removal(filter: Filter): MemberOp {
  const values = memberIds(filter);
  // An id no member can have selects nothing (and PostgreSQL text cannot even hold U+0000).
  if (values) return { kind: 'remove', values: values.filter(isPossibleId) };
  if (mentionsRef(filter)) {
    throw badRequest('invalidPath', 'A members filter may use value, type and display, not $ref');
  }
  return { kind: 'removeWhere', filter };
}

function memberIds(filter: Filter): readonly string[] | undefined {
  if (filter.kind === 'compare' && filter.op === 'eq' && filter.path.attr === 'value') {
    return typeof filter.value === 'string' ? [filter.value] : undefined;
  }
  if (filter.kind !== 'or') return undefined;
  const left = memberIds(filter.left);
  const right = memberIds(filter.right);
  return left && right ? [...left, ...right] : undefined;
}

function mentionsRef(filter: Filter): boolean {
  switch (filter.kind) {
    case 'compare':
    case 'present':
      return filter.path.attr === '$ref';
    case 'and':
    case 'or':
      return mentionsRef(filter.left) || mentionsRef(filter.right);
    case 'not':
      return mentionsRef(filter.filter);
    case 'valuePath':
      return true;
  }
}
