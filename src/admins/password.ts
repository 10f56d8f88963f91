import type { AdminMessageKey, AdminMessageParams } from '../shared/admin-messages.ts';
import { hashPassword } from '../shared/password-hash.ts';

/** The shortest and longest passwords accepted; long passphrases are welcome. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** Why a password is refused (a message code and its params), or undefined when it is acceptable. */
export function passwordProblem(password: string): { key: AdminMessageKey; params: AdminMessageParams } | undefined {
  if (password.length < PASSWORD_LENGTH.min) return { key: 'passwordTooShort', params: { min: PASSWORD_LENGTH.min } };
  if (password.length > PASSWORD_LENGTH.max) return { key: 'passwordTooLong', params: { max: PASSWORD_LENGTH.max } };
  return undefined;
}

/**
 * A hash of nothing anyone knows, verified when an unknown email signs in, so that the
 * answer takes as long as for a real account and does not tell which emails exist.
 */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(`decoy-${Math.random()}`));
