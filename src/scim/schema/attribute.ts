/** RFC 7643 section 2.3 attribute data types. */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute of a schema, exactly as `/Schemas` publishes it (RFC 7643 section 7). */
export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDef[];
}

/** A schema: the core User or Group schema, or an extension. */
export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
}

type AttrOptions = Partial<Omit<AttributeDef, 'name' | 'type'>>;

/**
 * Builds an attribute definition with RFC 7643's defaults filled in
 * (single-valued, optional, case-insensitive, readWrite, returned by default).
 *
 * @example attr('userName', 'string', { required: true, uniqueness: 'server' })
 */
export function attr(name: string, type: AttributeType, options: AttrOptions = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** A complex attribute whose sub-attributes are listed. */
export function complex(name: string, subAttributes: readonly AttributeDef[], options: AttrOptions = {}): AttributeDef {
  return attr(name, 'complex', { ...options, subAttributes });
}
