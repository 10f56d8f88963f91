import type { CheckedTarget, SendResult, WebhookMessage } from './send-webhook.ts';

/** Successes recorded in one transaction at most, and the longest one waits for its record. */
export const RECORD_EVERY = 100;
export const RECORD_AFTER_MS = 250;

/**
 * A page's messages are signed when it is handed to the sender thread, so none is sent
 * later than this after: a slow receiver's page ends early and the rest is signed again
 * with the next page, its `webhook-timestamp` well inside the 5 minutes receivers allow.
 */
export const SIGNED_FOR_MS = 60_000;

/** From the delivery to the sender thread: a page to POST in order, or a page to stop after its current POST. */
export type ToSender =
  | {
      readonly kind: 'page';
      readonly page: number;
      readonly target: CheckedTarget;
      readonly messages: readonly WebhookMessage[];
      /** The delivery's clock less the thread's `Date.now()`, for `Retry-After` dates. */
      readonly clockOffsetMs: number;
    }
  | { readonly kind: 'cancel'; readonly page: number };

/**
 * From the sender thread: the next results of a page, one per message from the first not
 * yet reported, in order; the page ends (`done`) at its last message, at the first non-2xx,
 * when cancelled, when its signatures grow old ({@link SIGNED_FOR_MS}), or with an error.
 */
export interface FromSender {
  readonly page: number;
  readonly results: readonly SendResult[];
  readonly done: boolean;
  /** A POST that threw instead of answering (a bug, not a receiver's failure). */
  readonly error?: string;
}

/** Whether a result is a 2xx. */
export const isDelivered = (result: SendResult): boolean =>
  result.status !== null && result.status >= 200 && result.status < 300;
