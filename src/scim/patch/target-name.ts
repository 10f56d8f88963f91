import type { ResolvedAttribute } from '../schema/resource-schema.ts';

/**
 * How messages name a resolved target: core names bare, extension attributes with their
 * URN, sub-attributes after a dot (`urn:...:enterprise:2.0:User:manager.value`).
 *
 * @example targetName(resolveAttribute(rs, { attr: 'NAME', sub: 'givenname' })!) // => 'name.givenName'
 */
export function targetName(target: ResolvedAttribute): string {
  const base = target.inExtension ? `${target.schema.id}:${target.attribute.name}` : target.attribute.name;
  return target.sub ? `${base}.${target.sub.name}` : base;
}
