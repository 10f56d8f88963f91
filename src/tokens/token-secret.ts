import { createHash, randomBytes } from 'node:crypto';

/** Every secret starts with this, so scanners and people recognize a leaked Roster token. */
export const TOKEN_PREFIX = 'rst_';

/** Application tokens (src/applications) start with this instead: the two kinds never mix. */
export const APP_TOKEN_PREFIX = 'rsa_';

/** A new secret: the prefix (an IdP token's unless told) and 256 random bits, base64url. */
export const newSecret = (prefix: string = TOKEN_PREFIX): string => prefix + randomBytes(32).toString('base64url');

/**
 * The stored form of a secret. A plain SHA-256 is enough: the secret has 256 bits of
 * entropy, so there is nothing to brute-force, and lookups by hash compare no secret bytes.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Anything shaped like a Roster secret, of either kind. */
const SECRET_SHAPE = /(rst|rsa)_[A-Za-z0-9_-]{8,}/g;

/** Whether the text may hold a Roster secret of either kind. */
export const mayHoldSecret = (text: string): boolean => text.includes(TOKEN_PREFIX) || text.includes(APP_TOKEN_PREFIX);

/**
 * Text with every secret-shaped run masked, for anything written to a log: a client may
 * misplace a token into a URL.
 *
 * @example maskSecrets('/scim/v2/Users?access_token=rst_abc…') // '/scim/v2/Users?access_token=rst_[redacted]'
 */
export const maskSecrets = (text: string): string =>
  mayHoldSecret(text) ? text.replace(SECRET_SHAPE, '$1_[redacted]') : text;
