import { hash, verify } from '@node-rs/argon2';

/**
 * The one password hash of Roster, for portal accounts and provisioned users alike:
 * argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes), as a PHC
 * string that carries its own parameters, so they can be raised later.
 *
 * @example const stored = await hashPassword('correct horse battery staple')
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

/**
 * Whether the password matches the stored hash; a malformed hash never matches.
 *
 * @example await verifyPassword(row.password_hash, presented) // true or false
 */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
