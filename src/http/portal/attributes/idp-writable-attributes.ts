import type { AttributeDef, AttributeType, Mutability, SchemaDef } from '../../../scim/schema/attribute.ts';
import { commonAttributes } from '../../../scim/schema/common.ts';
import type { ResourceSchema } from '../../../scim/schema/resource-schema.ts';

/** Which schema an attribute an IdP may write comes from. */
export type WritableSource = 'core' | 'common' | 'enterprise' | 'custom';

/** One attribute an identity provider may write, as the path it writes it under. */
export interface WritableAttribute {
  /** `userName`, `name.givenName`, `urn:...:enterprise:2.0:User:department`. */
  readonly path: string;
  readonly source: WritableSource;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly mutability: Mutability;
  /** A multi-valued complex attribute's writable sub-attributes (`value`, `type`, `primary`...). */
  readonly subAttributes: readonly string[];
}

const writable = (a: AttributeDef): boolean => a.mutability === 'readWrite' || a.mutability === 'writeOnly';

/**
 * The attributes an IdP may write to a user, read from the tenant's User resource schema
 * (core, enterprise extension, custom extension) and the common `externalId`, so the list
 * follows the schemas that validate requests: every attribute whose mutability is
 * readWrite or writeOnly. A single-valued complex attribute is listed by its writable
 * sub-attributes (`name.givenName`, `manager.value`); a multi-valued one (`emails`) once,
 * with its writable sub-attributes. Read-only parts (`groups`, `manager.displayName`, `id`,
 * `meta`) and immutable ones (written once, never updated) are left out.
 *
 * @example idpWritableAttributes(userResourceSchema()).map((a) => a.path)
 * // ['userName', 'name.formatted', 'name.familyName', ..., 'externalId', 'urn:...:enterprise:2.0:User:employeeNumber', ...]
 */
export function idpWritableAttributes(rs: ResourceSchema, customUrn: string): WritableAttribute[] {
  const sourceOf = (schema: SchemaDef): WritableSource =>
    schema === rs.core
      ? 'core'
      : schema === commonAttributes
        ? 'common'
        : schema.id === customUrn
          ? 'custom'
          : 'enterprise';
  const schemas = [rs.core, commonAttributes, ...rs.extensions];
  return schemas.flatMap((schema) => {
    const prefix = schema === rs.core || schema === commonAttributes ? '' : `${schema.id}:`;
    const source = sourceOf(schema);
    return schema.attributes.filter(writable).flatMap((a): WritableAttribute[] => {
      const subs = (a.subAttributes ?? []).filter(writable);
      if (a.type === 'complex' && !a.multiValued) {
        return subs.map((s) => ({
          path: `${prefix}${a.name}.${s.name}`,
          source,
          type: s.type,
          multiValued: s.multiValued,
          mutability: s.mutability,
          subAttributes: [],
        }));
      }
      return [
        {
          path: `${prefix}${a.name}`,
          source,
          type: a.type,
          multiValued: a.multiValued,
          mutability: a.mutability,
          subAttributes: subs.map((s) => s.name),
        },
      ];
    });
  });
}
