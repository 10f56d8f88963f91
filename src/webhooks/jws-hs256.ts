import { createHmac } from 'node:crypto';

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * A JWT in JWS compact serialization (RFC 7515 §7.1) signed with HMAC SHA-256 (`HS256`,
 * RFC 7518 §3.2), typed `secevent+jwt` as RFC 8417 §2.3 asks of a SET. RFC 7518 §3.2 wants
 * a key of at least 256 bits: webhook secrets hold exactly that.
 *
 * @example signHs256({ jti: 'e1' }, key) // 'eyJhbGciOiJIUzI1NiIsInR5cCI6InNlY2V2ZW50K2p3dCJ9.eyJqdGkiOiJlMSJ9.…'
 */
export function signHs256(claims: object, key: Buffer): string {
  if (key.length < 32) throw new Error('HS256 needs a key of at least 256 bits');
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'secevent+jwt' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput, 'ascii').digest('base64url')}`;
}
