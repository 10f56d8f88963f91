import { userInfo } from 'node:os';
import type { Actor } from '../audit/actor.ts';

/**
 * The actor of a CLI action: `cli`, with the OS user name when the system knows it
 * (recorded as `cli:<user>`).
 *
 * @example cliActor() // { kind: 'cli', user: 'root' }
 */
export function cliActor(): Actor {
  try {
    const user = userInfo().username;
    return user ? { kind: 'cli', user } : { kind: 'cli' };
  } catch {
    // No passwd entry for the uid (e.g. some containers).
    return { kind: 'cli' };
  }
}
