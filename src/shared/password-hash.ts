import type * as Argon2 from '@node-rs/argon2';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let argon2: typeof Argon2 | undefined;
/** The native addon, loaded at the first hash: most CLI commands never hash, and import this module all the same. */
const loadArgon2 = (): typeof Argon2 => (argon2 ??= require('@node-rs/argon2') as typeof Argon2);

/**
 * The one password hash of Roster, for portal accounts and provisioned users alike:
 * argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes), as a PHC
 * string that carries its own parameters, so they can be raised later.
 *
 * @example const stored = await hashPassword('correct horse battery staple')
 */
export const hashPassword = (password: string): Promise<string> => loadArgon2().hash(password);

/**
 * Whether the password matches the stored hash; a malformed hash never matches.
 *
 * @example await verifyPassword(row.password_hash, presented) // true or false
 */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await loadArgon2().verify(stored, password);
  } catch {
    return false;
  }
}
