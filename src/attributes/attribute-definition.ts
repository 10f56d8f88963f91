import { AdminError } from '../shared/admin-error.ts';

/** The types a custom attribute may have: RFC 7643 section 2.3's, less `complex`. */
export const CUSTOM_ATTRIBUTE_TYPES = [
  'string',
  'boolean',
  'integer',
  'decimal',
  'dateTime',
  'reference',
  'binary',
] as const;
export type CustomAttributeType = (typeof CUSTOM_ATTRIBUTE_TYPES)[number];

export const CUSTOM_MUTABILITIES = ['readWrite', 'readOnly', 'writeOnly', 'immutable'] as const;
export type CustomMutability = (typeof CUSTOM_MUTABILITIES)[number];

/** A custom attribute of a tenant's extension schema, as administrators see it. */
export interface AttributeDefinition {
  readonly id: string;
  /** As defined; unique in the tenant case-insensitively, like every SCIM attribute name. */
  readonly name: string;
  readonly type: CustomAttributeType;
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: CustomMutability;
  readonly description: string;
  /** Still validated, stored, returned and filterable; `/Schemas` says "Deprecated". */
  readonly deprecated: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What `define` takes: a name and type, the rest RFC 7643's defaults. */
export interface DefinitionInput {
  readonly name: string;
  readonly type: string;
  readonly multiValued?: boolean;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: string;
  readonly description?: string;
}

/** What `update` may change; an absent field stays as it is. */
export interface DefinitionChanges {
  readonly type?: string;
  readonly multiValued?: boolean;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: string;
  readonly description?: string;
  readonly deprecated?: boolean;
}

// RFC 7643 section 2.1's ATTRNAME; the length bound keeps names readable and indexable.
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const MAX_DESCRIPTION = 1000;

/**
 * A valid attribute name, or an AdminError saying what a name must be.
 *
 * @example checkAttributeName('badgeNumber') // 'badgeNumber'
 */
export function checkAttributeName(name: string): string {
  if (!NAME.test(name)) {
    throw new AdminError('invalid', 'badAttributeName', { name });
  }
  return name;
}

/**
 * The type a text names, in any case, or an AdminError listing the types.
 *
 * @example checkType('datetime') // 'dateTime'
 */
export function checkType(type: string): CustomAttributeType {
  const found = CUSTOM_ATTRIBUTE_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
  if (!found)
    throw new AdminError('invalid', 'unknownAttributeType', { type, types: CUSTOM_ATTRIBUTE_TYPES.join(', ') });
  return found;
}

/**
 * The mutability a text names, in any case, or an AdminError listing them.
 *
 * @example checkMutability('readonly') // 'readOnly'
 */
export function checkMutability(mutability: string): CustomMutability {
  const found = CUSTOM_MUTABILITIES.find((m) => m.toLowerCase() === mutability.toLowerCase());
  if (!found) {
    throw new AdminError('invalid', 'unknownMutability', { mutability, mutabilities: CUSTOM_MUTABILITIES.join(', ') });
  }
  return found;
}

/**
 * A description, trimmed, or an AdminError when it is too long.
 *
 * @example checkDescription('  Door badge ') // 'Door badge'
 */
export function checkDescription(description: string): string {
  const text = description.trim();
  if (text.length > MAX_DESCRIPTION) {
    throw new AdminError('invalid', 'descriptionTooLong', { max: MAX_DESCRIPTION });
  }
  return text;
}
