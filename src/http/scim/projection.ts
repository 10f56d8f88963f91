import { projectResource } from '../../scim/resource/project-resource.ts';
import type { ResourceSchema } from '../../scim/schema/resource-schema.ts';
import { attributeList } from './parse-list-query.ts';

/** `attributes` / `excludedAttributes` of a request, and how they shape resources. */
export interface Projection {
  readonly attributes: string[] | undefined;
  readonly excluded: string[] | undefined;
  /** True when the client named either list (PATCH then answers with the resource). */
  readonly requested: boolean;
  apply(rs: ResourceSchema, resource: Record<string, unknown>): Record<string, unknown>;
  /** Whether group members survive the projection: read them only then. */
  showsMembers(rs: ResourceSchema): boolean;
}

export function projectionOf(params: { attributes?: unknown; excludedAttributes?: unknown }): Projection {
  const attributes = attributeList('attributes', params.attributes);
  const excluded = attributeList('excludedAttributes', params.excludedAttributes);
  const apply = (rs: ResourceSchema, resource: Record<string, unknown>) =>
    projectResource(rs, resource, attributes, excluded);
  return {
    attributes,
    excluded,
    requested: attributes !== undefined || excluded !== undefined,
    apply,
    showsMembers: (rs) =>
      rs.core.attributes.some((a) => a.name === 'members') &&
      apply(rs, { schemas: [rs.core.id], id: '-', members: [{ value: '-' }] }).members !== undefined,
  };
}
