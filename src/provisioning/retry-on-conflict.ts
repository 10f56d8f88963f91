import { ScimError } from '../scim/error.ts';

/**
 * Every losing attempt means another writer won, so n writers of one resource all land
 * within n attempts; 24 covers an IdP's burst of PATCHes to one user or group.
 */
const ATTEMPTS = 24;
/** The longest pause between attempts, in ms; pauses grow from 2 ms up to this. */
const MAX_PAUSE = 100;

/**
 * Runs an optimistic write until it lands: `attempt` returns undefined when a concurrent
 * writer got there first. Pauses a random, growing time between attempts (so that the
 * losers do not collide again in step), and gives up with 409 rather than spinning.
 *
 * @example const written = await retryOnConflict(() => writeIfUnchanged(id))
 */
export async function retryOnConflict<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const result = await attempt();
    if (result !== undefined) return result;
    const pause = Math.min(MAX_PAUSE, 2 ** (i + 1));
    await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * (pause / 2)));
  }
  throw new ScimError(409, undefined, 'The resource is being changed by other requests; try again');
}
