import { createHash, randomBytes } from 'node:crypto';

/** Every secret starts with this, so scanners and people recognize a leaked Roster token. */
export const TOKEN_PREFIX = 'rst_';

/** A new secret: the prefix and 256 random bits, base64url. */
export const newSecret = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');

/**
 * The stored form of a secret. A plain SHA-256 is enough: the secret has 256 bits of
 * entropy, so there is nothing to brute-force, and lookups by hash compare no secret bytes.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Anything shaped like a Roster secret. */
const SECRET_SHAPE = /rst_[A-Za-z0-9_-]{8,}/g;

/**
 * Text with every secret-shaped run masked, for anything written to a log: a client may
 * misplace a token into a URL.
 *
 * @example maskSecrets('/scim/v2/Users?access_token=rst_abc…') // '/scim/v2/Users?access_token=rst_[redacted]'
 */
export const maskSecrets = (text: string): string =>
  text.includes(TOKEN_PREFIX) ? text.replace(SECRET_SHAPE, `${TOKEN_PREFIX}[redacted]`) : text;
