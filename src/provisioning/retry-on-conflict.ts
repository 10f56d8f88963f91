import { ScimError } from '../scim/error.ts';

const ATTEMPTS = 8;

/**
 * Runs an optimistic write until it lands: `attempt` returns undefined when a concurrent
 * writer got there first. Gives up with 409 after a few tries rather than spinning.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const result = await attempt();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (i + 1)));
  }
  throw new ScimError(409, undefined, 'The resource is being changed by other requests; try again');
}
