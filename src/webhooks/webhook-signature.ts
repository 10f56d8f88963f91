import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets are `whsec_` and the key's base64. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and 256 random bits, base64 (as the specification writes them). */
export const newWebhookSecret = (): string => WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');

/** Signs one message: its `webhook-signature` header. */
export type WebhookSigner = (id: string, timestamp: number, body: string) => string;

/**
 * The `webhook-signature` header of the Standard Webhooks specification: for each secret,
 * `v1,` and the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed by the secret's
 * decoded bytes, space-separated (two during a rotation, so receivers holding either verify).
 * The keys are decoded once, here: a delivery run signs many messages.
 *
 * @example webhookSigner(['whsec_MfKQ…'])('msg_1', 1674087231, '{"a":1}') // 'v1,K5oZ…='
 */
export function webhookSigner(secrets: readonly string[]): WebhookSigner {
  const keys = secrets.map((secret) => Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64'));
  return (id, timestamp, body) => {
    const content = `${id}.${timestamp}.${body}`;
    return keys.map((key) => `v1,${createHmac('sha256', key).update(content, 'utf8').digest('base64')}`).join(' ');
  };
}
