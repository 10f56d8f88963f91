import { URN } from '../scim/schema/urns.ts';

/** The custom extension's URN when `ROSTER_CUSTOM_SCHEMA_URN` is not set. */
export const DEFAULT_CUSTOM_SCHEMA_URN = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';

// RFC 8141's URN syntax narrowed to what SCIM attribute paths and filters can carry
// (`urn:...:2.0:User:badgeNumber eq "42"`): letters, digits, `.`, `_` and `-` between colons.
const URN_SYNTAX = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}(?::[A-Za-z0-9._-]+)+$/i;
const VENDOR = /^urn:ietf:params:scim:schemas:extension:([A-Za-z0-9._-]+):2\.0:User$/i;

/**
 * What is wrong with a URN for the custom extension, or undefined when it is usable: it
 * must be a URN that attribute paths and filters can carry, and must neither be nor
 * overlap a schema Roster already speaks (one a prefix of the other would make
 * `urn:...:name` ambiguous).
 *
 * @example customSchemaUrnProblem('urn:ietf:params:scim:schemas:extension:ivanti:2.0:User') // undefined
 * @example customSchemaUrnProblem('ivanti') // 'must be a URN such as urn:ietf:params:...'
 */
export function customSchemaUrnProblem(urn: string): string | undefined {
  if (!URN_SYNTAX.test(urn)) {
    return (
      `must be a URN such as urn:ietf:params:scim:schemas:extension:<vendor>:2.0:User ` +
      `(letters, digits, ".", "_" and "-" between colons), got ${JSON.stringify(urn)}`
    );
  }
  const lower = urn.toLowerCase();
  const clash = Object.values(URN).find((known) => {
    const k = known.toLowerCase();
    return k === lower || lower.startsWith(`${k}:`) || k.startsWith(`${lower}:`);
  });
  return clash ? `must not be or overlap the standard schema ${clash}` : undefined;
}

/**
 * The custom schema's name in `/Schemas`: the vendor's, when the URN has the usual form.
 *
 * @example customSchemaName('urn:ietf:params:scim:schemas:extension:ivanti:2.0:User') // 'IvantiUser'
 */
export function customSchemaName(urn: string): string {
  const vendor = VENDOR.exec(urn)?.[1];
  if (!vendor) return 'CustomUser';
  const words = vendor.split(/[._-]+/).filter((w) => w !== '');
  return `${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}User`;
}
