import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const VERSION = 'v1';

/**
 * Encrypts what Roster must keep but never show again (webhook signing secrets) with
 * AES-256-GCM. The row's id is the additional data, so a ciphertext copied into another
 * row does not open there.
 *
 * @example const box = new SecretBox(key); box.open(box.seal('whsec_…', id), id) // 'whsec_…'
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('A secret key has 32 bytes');
  }

  seal(plain: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}:${iv.toString('base64')}:${body.toString('base64')}`;
  }

  /** @throws Error when the text was sealed with another key or for another row */
  open(sealed: string, boundTo: string): string {
    const [version, iv, body] = sealed.split(':');
    if (version !== VERSION || !iv || !body) throw new Error('Not a sealed secret');
    const bytes = Buffer.from(body, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'))
      .setAAD(Buffer.from(boundTo, 'utf8'))
      .setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }
}

/**
 * The key that seals stored secrets: derived from `ROSTER_SECRET_KEY` when set; else, on
 * SQLite, 32 random bytes in `<database file>.secret-key` (created on first use, mode
 * 0600, shared by every process on that file); else none (PostgreSQL without the setting:
 * several instances could not share a generated key, so webhooks need the setting there).
 *
 * @example secretKeyFor({ sqliteFile: './data/roster.db' }) // reads or creates ./data/roster.db.secret-key
 */
export function secretKeyFor(options: {
  configured?: string | undefined;
  sqliteFile?: string | undefined;
}): Buffer | null {
  if (options.configured) {
    return Buffer.from(hkdfSync('sha256', options.configured, 'roster', 'roster stored secrets v1', 32));
  }
  const file = options.sqliteFile;
  if (file === undefined) return null;
  if (file === ':memory:' || file === '') return randomBytes(32);
  const keyFile = `${file}.secret-key`;
  try {
    // 'wx': only the first process creates it; the others read what it wrote.
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${keyFile} does not hold a 32-byte base64 key`);
  return key;
}
