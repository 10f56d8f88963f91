import { ScimError } from '../error.ts';

/**
 * Runs one step of a PATCH operation and prefixes any ScimError's detail with the
 * operation's place in `Operations`, so that a client with 50 operations knows which one
 * failed. Other errors (bugs) pass through untouched.
 *
 * @example inOperation(2, () => parsePatchPath(rs, 'foo'))
 * // throws: 400 invalidPath 'Operations[2]: Unknown attribute "foo"'
 */
export function inOperation<T>(index: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScimError) {
      throw new ScimError(error.status, error.scimType, `Operations[${index}]: ${error.message}`);
    }
    throw error;
  }
}
