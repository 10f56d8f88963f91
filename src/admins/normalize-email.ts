import { AdminError } from '../shared/admin-error.ts';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Normalizes an email address for storage and lookup, or says why it is not one.
 *
 * @throws AdminError `invalid` when it is not an email address.
 * @example normalizeEmail(' Ann@Example.com ') // 'ann@example.com'
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw new AdminError('invalid', 'notAnEmail', { email });
  return trimmed;
}
