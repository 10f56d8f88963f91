import { ScimError } from '../scim/error.ts';
import { versionOfEtag } from './render.ts';

/**
 * The version an `If-Match` header pins, checked against the current one: undefined when
 * there is no header or it is `*`; a 412 when no listed tag names the current version.
 */
export function checkIfMatch(ifMatch: string | undefined, current: number): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const versions = ifMatch.split(',').map(versionOfEtag);
  if (!versions.includes(current)) {
    throw new ScimError(
      412,
      undefined,
      `The resource has changed: its version is W/"${current}", the request named ${ifMatch.trim()}`,
    );
  }
  return current;
}

/** True when an `If-None-Match` header names the current version (a GET answers 304). */
export function matchesIfNoneMatch(ifNoneMatch: string | undefined, current: number): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').map(versionOfEtag).includes(current);
}
