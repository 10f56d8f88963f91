import { badRequest } from '../error.ts';
import { findSchema, type ResourceSchema } from '../schema/resource-schema.ts';
import { describeValue } from './json-value.ts';

/**
 * Checks a request body's `schemas` (RFC 7644 section 3.3: the URNs of the core schema and
 * of the extensions used). Lenient in one way: a missing (or null) `schemas` is accepted,
 * because some IdPs omit it and the resource type is known from the endpoint. A present
 * one must be an array of strings that includes the core URN and names only schemas of
 * the resource type, compared case-insensitively. A wrong `schemas` is `invalidSyntax`,
 * not `invalidValue`: it describes the message's structure, which is what RFC 7644
 * section 3.12 says invalidSyntax is for, rather than the value of an attribute.
 *
 * @throws ScimError 400 invalidSyntax.
 * @example checkSchemas(userResourceSchema(), ['urn:ietf:params:scim:schemas:core:2.0:User'])
 */
export function checkSchemas(rs: ResourceSchema, raw: unknown): void {
  if (raw === null || raw === undefined) return;
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) {
    throw badRequest(
      'invalidSyntax',
      `"schemas" must be an array of schema URNs (strings), got ${describeValue(raw)}`,
    );
  }
  const unknown = raw.find((uri) => findSchema(rs, uri) === undefined);
  if (unknown !== undefined) {
    const known = [rs.core, ...rs.extensions].map((s) => s.id).join(', ');
    throw badRequest(
      'invalidSyntax',
      `"schemas" names ${describeValue(unknown)}, which is not a schema of the ${rs.name} ` +
        `resource type (known: ${known})`,
    );
  }
  if (!raw.some((uri) => findSchema(rs, uri) === rs.core)) {
    throw badRequest('invalidSyntax', `"schemas" must include "${rs.core.id}"`);
  }
}
