import { hash, verify } from '@node-rs/argon2';

/** The shortest and longest passwords accepted; long passphrases are welcome. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_LENGTH.min) return `A password needs at least ${PASSWORD_LENGTH.min} characters`;
  if (password.length > PASSWORD_LENGTH.max) return `A password may have at most ${PASSWORD_LENGTH.max} characters`;
  return undefined;
}

/**
 * argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes), as a PHC
 * string that carries its own parameters, so they can be raised later.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

/** Whether the password matches the stored hash; a malformed hash never matches. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A hash of nothing anyone knows, verified when an unknown email signs in, so that the
 * answer takes as long as for a real account and does not tell which emails exist.
 */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hash(`decoy-${Math.random()}`));
