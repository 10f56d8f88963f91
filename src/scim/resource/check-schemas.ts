import { badRequest } from '../error.ts';
import { findSchema, type ResourceSchema } from '../schema/resource-schema.ts';
import { URN } from '../schema/urns.ts';
import { describeValue } from './json-value.ts';

/** The schemas of RFC 7643 that belong to one resource type: naming one on another is a mistake. */
const STANDARD_RESOURCE_SCHEMAS = [URN.user, URN.group, URN.enterpriseUser];

/**
 * Checks a request body's `schemas` (RFC 7644 section 3.3: the URNs of the core schema and
 * of the extensions used). Lenient where an IdP's habit is harmless:
 *
 * - A missing (or null) `schemas` is accepted: some IdPs omit it, and the resource type is
 *   known from the endpoint.
 * - A URI that names no schema Roster knows is ignored and reported through `onIgnored`:
 *   Entra sends `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group`
 *   with every group, and its tutorial's user example names
 *   `urn:ietf:params:scim:schemas:extension:enterprise:2.0User` (no colon before `User`).
 *   Nothing is stored under such a URI, so ignoring it loses nothing.
 *
 * Refused (400 invalidSyntax, a fault in the message's structure, RFC 7644 section 3.12):
 * a `schemas` that is not an array of strings, one without the core URN, and one that names
 * a standard schema of another resource type (the User schema on /Groups): that is a
 * request sent to the wrong endpoint, not a harmless habit.
 *
 * @throws ScimError 400 invalidSyntax.
 * @example checkSchemas(groupResourceSchema, [URN.group, 'http://schemas.microsoft.com/.../Group'], log)
 * // log('schemas: http://schemas.microsoft.com/.../Group')
 */
export function checkSchemas(rs: ResourceSchema, raw: unknown, onIgnored: (path: string) => void): void {
  if (raw === null || raw === undefined) return;
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) {
    throw badRequest('invalidSyntax', `"schemas" must be an array of schema URNs (strings), got ${describeValue(raw)}`);
  }
  for (const uri of raw) {
    if (findSchema(rs, uri) !== undefined) continue;
    if (STANDARD_RESOURCE_SCHEMAS.some((id) => id.toLowerCase() === uri.toLowerCase())) {
      const known = [rs.core, ...rs.extensions].map((s) => s.id).join(', ');
      throw badRequest(
        'invalidSyntax',
        `"schemas" names ${describeValue(uri)}, a schema of another resource type than ${rs.name} ` +
          `(the schemas of a ${rs.name}: ${known})`,
      );
    }
    onIgnored(`schemas: ${uri}`);
  }
  if (!raw.some((uri) => findSchema(rs, uri) === rs.core)) {
    throw badRequest('invalidSyntax', `"schemas" must include "${rs.core.id}"`);
  }
}
