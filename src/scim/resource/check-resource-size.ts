import { LIMITS } from '../discovery/limits.ts';
import { badRequest } from '../error.ts';
import { isObject } from './json-value.ts';

/**
 * Refuses a resource about to be stored with a multi-valued attribute of more than
 * `LIMITS.maxValuesPerAttribute` values (at the top level or under an extension URN), or
 * larger than `LIMITS.maxResourceBytes` as JSON: each PATCH fits in a body, but many
 * PATCHes adding values would otherwise grow one user without end.
 *
 * @throws ScimError 400 invalidValue naming the attribute and the limit.
 * @example checkResourceSize({ emails: new Array(1001).fill({ value: 'a@b.c' }) }) // throws
 */
export function checkResourceSize(doc: Readonly<Record<string, unknown>>): void {
  const check = (name: string, value: unknown): void => {
    if (Array.isArray(value) && value.length > LIMITS.maxValuesPerAttribute && name !== 'schemas') {
      throw badRequest(
        'invalidValue',
        `Attribute "${name}" would hold ${value.length} values; the limit is ${LIMITS.maxValuesPerAttribute}`,
      );
    }
  };
  for (const [name, value] of Object.entries(doc)) {
    if (name.startsWith('urn:') && isObject(value)) {
      for (const [sub, v] of Object.entries(value)) check(`${name}:${sub}`, v);
    } else {
      check(name, value);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(doc), 'utf8');
  if (bytes > LIMITS.maxResourceBytes) {
    throw badRequest(
      'invalidValue',
      `The resource would be ${bytes} bytes as JSON; the limit is ${LIMITS.maxResourceBytes}`,
    );
  }
}
