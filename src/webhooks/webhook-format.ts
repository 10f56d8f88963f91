/**
 * What an endpoint receives: `roster`, Roster's JSON event (docs/events.md), or `set`, the
 * event as an RFC 9967 Security Event Token (src/webhooks/scim-security-event.ts).
 */
export const WEBHOOK_FORMATS = ['roster', 'set'] as const;

export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** @example isWebhookFormat('set') // true */
export const isWebhookFormat = (value: string): value is WebhookFormat =>
  (WEBHOOK_FORMATS as readonly string[]).includes(value);
