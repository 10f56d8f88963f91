import { sql, type RawBuilder } from 'kysely';
import type { AttributeDef } from '../scim/schema/attribute.ts';
import { commonAttributes } from '../scim/schema/common.ts';
import type { ResolvedAttribute, ResourceSchema } from '../scim/schema/resource-schema.ts';
import { checkAlias, type JsonLoc, type JsonSql } from './json-sql.ts';
import { groupsOfUser, membersOfGroup } from './membership-target.ts';
import { TRUE, unsupported, type AttributeTarget, type ElementFields, type SqlField } from './sql-field.ts';

/** What the filter and sort compilers read an attribute from: the row of `alias`. */
export interface TargetContext {
  readonly rs: ResourceSchema;
  /** The users or groups row, as aliased in the query (`users`, `groups`, `u`...). */
  readonly alias: string;
  readonly json: JsonSql;
  /** The SCIM base URL; without it, `meta.location` and `$ref` cannot be filtered. */
  readonly baseUrl?: string;
}

// Aliases the compilers use inside subqueries; the outer row must not shadow them.
const RESERVED = new Set(['el', 'srt', 'jt', 'mem', 'mem_u', 'mem_g', 'ug', 'ug_g']);

/** The alias, checked to be a plain identifier the subqueries do not use. */
export function outerAlias(alias: string): string {
  if (RESERVED.has(checkAlias(alias))) throw new Error(`Alias "${alias}" is reserved by the filter compiler`);
  return alias;
}

/**
 * Maps a resolved attribute to where it lives: indexed columns for id, userName,
 * externalId, displayName, active and meta; membership rows for `members` and `groups`;
 * the JSON document for everything else.
 *
 * @example attributeTarget(ctx, resolveAttribute(rs, { attr: 'emails' })!) // kind 'many'
 */
export function attributeTarget(ctx: TargetContext, r: ResolvedAttribute): AttributeTarget {
  const alias = outerAlias(ctx.alias);
  type Extra = { plainOrder?: boolean; lowered?: RawBuilder<unknown> };
  const column = (name: string, nullable: boolean, extra: Extra = {}): SqlField => ({
    kind: 'column',
    expr: sql.ref(`${alias}.${name}`),
    nullable,
    ...extra,
  });
  const name = r.attribute.name;
  if (r.schema === commonAttributes) {
    if (name === 'id') return { kind: 'scalar', field: column('id', false, { plainOrder: true }) };
    if (name === 'externalId') return { kind: 'scalar', field: column('external_id', true) };
    if (name === 'meta') {
      return { kind: 'object', present: TRUE, isSet: TRUE, fields: (sub) => metaField(ctx, alias, sub) };
    }
    // `schemas`, which filters may name: the document's array of URIs.
    return documentTarget(ctx.json, sql.ref(`${alias}.doc`), r);
  }
  if (r.schema === ctx.rs.core) {
    const user = ctx.rs.name === 'User';
    if (user && name === 'userName') {
      const lowered = sql.ref(`${alias}.user_name_lower`);
      return { kind: 'scalar', field: column('user_name', false, { lowered }) };
    }
    if (name === 'displayName') return { kind: 'scalar', field: column('display_name', true) };
    if (user && name === 'active') return { kind: 'scalar', field: column('active', false) };
    if (user && name === 'groups') return groupsOfUser(alias, ctx.baseUrl);
    if (!user && name === 'members') return membersOfGroup(alias, ctx.baseUrl);
  }
  return documentTarget(ctx.json, sql.ref(`${alias}.doc`), r);
}

function metaField(ctx: TargetContext, alias: string, sub: AttributeDef | undefined): SqlField {
  const ref = (c: string): RawBuilder<unknown> => sql.ref(`${alias}.${c}`);
  switch (sub?.name) {
    case 'created':
      return { kind: 'column', expr: ref('created_at'), nullable: false, plainOrder: true };
    case 'lastModified':
      return { kind: 'column', expr: ref('updated_at'), nullable: false, plainOrder: true };
    case 'resourceType':
      return { kind: 'const', value: ctx.rs.name };
    case 'version': {
      // The ETag the resource shows: W/"<version>".
      const etag = sql`('W/"' || ${ctx.json.intText(ref('version'))} || '"')`;
      return { kind: 'column', expr: etag, nullable: false };
    }
    case 'location':
      if (ctx.baseUrl === undefined) return unsupported('meta.location');
      return {
        kind: 'column',
        expr: sql`(${ctx.baseUrl + ctx.rs.endpoint + '/'} || ${ref('id')})`,
        nullable: false,
      };
    default:
      return unsupported(`meta${sub ? `.${sub.name}` : ''}`);
  }
}

/** An attribute kept in the JSON document, at `docPath` without the sub-attribute. */
function documentTarget(json: JsonSql, doc: RawBuilder<unknown>, r: ResolvedAttribute): AttributeTarget {
  const path = [...(r.inExtension ? [r.schema.id] : []), r.attribute.name];
  const at = (p: readonly string[]): JsonLoc => ({ kind: 'doc', column: doc, path: p });
  const attribute = r.attribute;
  if (!attribute.multiValued && attribute.type !== 'complex') {
    return { kind: 'scalar', field: { kind: 'json', loc: at(path) } };
  }
  if (!attribute.multiValued) {
    return {
      kind: 'object',
      present: json.present(at(path), true),
      isSet: json.isObject(at(path)),
      fields: (sub) => ({ kind: 'json', loc: at(sub ? [...path, sub.name] : path) }),
    };
  }
  const element =
    (alias: string): ElementFields =>
    (sub) => ({
      kind: 'json',
      loc: { kind: 'element', alias, path: sub ? [sub.name] : [] },
    });
  const primary = attribute.subAttributes?.find((s) => s.name === 'primary' && s.type === 'boolean');
  return {
    kind: 'many',
    present: json.present(at(path), true),
    any: (test) => sql`exists (select 1 from ${json.elements(at(path), 'el')} where ${test(element('el'))})`,
    // RFC 7644 3.4.2.3: the primary element, else the first one.
    first: (pick) => {
      const isPrimary = primary
        ? json.isBoolean({ kind: 'element', alias: 'srt', path: [primary.name] }, true)
        : undefined;
      const order = isPrimary
        ? sql`(case when ${isPrimary} then 0 else 1 end), ${json.elementIndex('srt')}`
        : json.elementIndex('srt');
      const from = json.elements(at(path), 'srt');
      return sql`(select ${pick(element('srt'))} from ${from} order by ${order} limit 1)`;
    },
  };
}
