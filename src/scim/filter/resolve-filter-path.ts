import type { AttributePath, ResolvedAttribute, ResourceSchema } from '../schema/resource-schema.ts';
import { findAttribute, findSchema, resolveAttribute } from '../schema/resource-schema.ts';
import { commonAttributes } from '../schema/common.ts';
import { invalidFilter } from './filter-error.ts';
import { schemasAttribute } from './schemas-attribute.ts';

/**
 * What a filter's paths are relative to: the resource, or one element of a complex
 * attribute (inside `emails[...]`, `type` means `emails.type`).
 */
export type PathContext =
  | { readonly kind: 'resource'; readonly rs: ResourceSchema }
  | { readonly kind: 'element'; readonly outer: ResolvedAttribute };

/** A path as the client would write it, for error details. */
export const formatPath = (path: AttributePath): string =>
  `${path.uri !== undefined ? `${path.uri}:` : ''}${path.attr}${path.sub !== undefined ? `.${path.sub}` : ''}`;

/**
 * Resolves a filter path, or returns undefined. Beyond `resolveAttribute`: the core schema's
 * URN also reaches the common attributes (`urn:...:core:2.0:User:meta.created`), and inside
 * brackets a path is one sub-attribute name of the bracketed attribute.
 *
 * @example lookupPath({ kind: 'resource', rs }, { attr: 'NAME', sub: 'givenname' })?.docPath
 * // => ['name', 'givenName']
 */
export function lookupPath(ctx: PathContext, path: AttributePath): ResolvedAttribute | undefined {
  if (ctx.kind === 'element') {
    if (path.uri !== undefined || path.sub !== undefined) return undefined;
    const sub = findAttribute(ctx.outer.attribute.subAttributes ?? [], path.attr);
    return sub ? { ...ctx.outer, sub, docPath: [...ctx.outer.docPath, sub.name] } : undefined;
  }
  const found = resolveAttribute(ctx.rs, path);
  if (found) return found;
  const isCore = path.uri !== undefined && path.uri.toLowerCase() === ctx.rs.core.id.toLowerCase();
  return isCore ? lookupPath(ctx, { ...path, uri: undefined }) : undefined;
}

/**
 * `lookupPath` for filters, which may also name `schemas` (`schemasAttribute`). PATCH
 * paths do not: a client cannot change a resource's schemas by patching them.
 */
export function lookupFilterPath(ctx: PathContext, path: AttributePath): ResolvedAttribute | undefined {
  const isSchemas =
    ctx.kind === 'resource' &&
    path.sub === undefined &&
    path.attr.toLowerCase() === 'schemas' &&
    (path.uri === undefined || path.uri.toLowerCase() === ctx.rs.core.id.toLowerCase());
  if (!isSchemas) return lookupPath(ctx, path);
  return {
    schema: commonAttributes,
    inExtension: false,
    attribute: schemasAttribute,
    sub: undefined,
    docPath: ['schemas'],
  };
}

/**
 * `lookupFilterPath` that explains a failure.
 *
 * @throws ScimError 400 invalidFilter naming the unknown schema, attribute or sub-attribute.
 */
export function resolveFilterPath(ctx: PathContext, path: AttributePath): ResolvedAttribute {
  const found = lookupFilterPath(ctx, path);
  if (found) return found;
  const written = formatPath(path);
  if (ctx.kind === 'element') {
    const outer = ctx.outer.attribute.name;
    if (path.uri !== undefined || path.sub !== undefined) {
      throw invalidFilter(`Inside "${outer}[...]" a path is a sub-attribute name of "${outer}"; found "${written}"`);
    }
    throw invalidFilter(`Unknown sub-attribute "${path.attr}" of "${outer}" in filter`);
  }
  if (path.uri !== undefined && !findSchema(ctx.rs, path.uri)) {
    throw invalidFilter(`Unknown schema "${path.uri}" in filter path "${written}"`);
  }
  const parent = lookupPath(ctx, { ...path, sub: undefined });
  if (parent && parent.attribute.type !== 'complex') {
    throw invalidFilter(`Attribute "${parent.attribute.name}" has no sub-attributes; found "${written}"`);
  }
  if (parent) throw invalidFilter(`Unknown sub-attribute "${written}" in filter`);
  throw invalidFilter(`Unknown attribute "${written}" in filter`);
}
