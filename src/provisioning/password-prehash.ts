import { hashPassword } from '../shared/password-hash.ts';

/** At most this many candidate passwords are hashed ahead of a write. */
const MAX_CANDIDATES = 4;

/**
 * Hashes, before a write transaction begins, every string a request body gives as a
 * password (`password` at any depth, in any case, or a PATCH operation's value for path
 * `password`), so the transaction does not hold the write lock through argon2. The write
 * looks its password up here and hashes only what this missed.
 *
 * @example const hashes = await hashPasswordsIn({ Operations: [{ op: 'replace', path: 'password', value: 's3cret' }] })
 */
export async function hashPasswordsIn(body: unknown): Promise<ReadonlyMap<string, string>> {
  const found = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 8 || typeof node !== 'object' || node === null || found.size >= MAX_CANDIDATES) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const entries: [string, unknown][] = Object.entries(node);
    const path = entries.find(([k]) => k.toLowerCase() === 'path')?.[1];
    for (const [key, value] of entries) {
      if (typeof value === 'string' && key.toLowerCase() === 'password') found.add(value);
      if (typeof value === 'string' && key.toLowerCase() === 'value' && String(path).toLowerCase() === 'password') {
        found.add(value);
      }
      visit(value, depth + 1);
    }
  };
  visit(body, 0);
  const hashes = new Map<string, string>();
  for (const plain of found) hashes.set(plain, await hashPassword(plain));
  return hashes;
}
