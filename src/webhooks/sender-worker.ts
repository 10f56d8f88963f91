/**
 * The webhook sender thread's entry (src/webhooks/webhook-sender.ts starts it): POSTs the
 * pages it is handed, each in order and one message at a time, several pages at once, and
 * reports their results in groups, so that the main thread spends one turn per group
 * instead of one per POST while SCIM requests share its event loop.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { targetAt, type SendResult } from './send-webhook.ts';
import {
  isDelivered,
  RECORD_AFTER_MS,
  RECORD_EVERY,
  SIGNED_FOR_MS,
  type FromSender,
  type ToSender,
} from './sender-messages.ts';

if (!parentPort) throw new Error('sender-worker.ts runs as a worker thread');
const port: MessagePort = parentPort;

/** The pages under way, and whether each was cancelled. */
const cancelled = new Map<number, boolean>();

port.on('message', (message: ToSender) => {
  if (message.kind === 'cancel') {
    if (cancelled.has(message.page)) cancelled.set(message.page, true);
    return;
  }
  cancelled.set(message.page, false);
  void sendPage(message).finally(() => cancelled.delete(message.page));
});

async function sendPage({ page, target, messages, clockOffsetMs }: Extract<ToSender, { kind: 'page' }>): Promise<void> {
  const received = performance.now();
  const receiver = targetAt(target, () => Date.now() + clockOffsetMs);
  let group: SendResult[] = [];
  let since = received;
  const report = (done: boolean, error?: string): void => {
    port.postMessage({ page, results: group, done, ...(error !== undefined ? { error } : {}) } satisfies FromSender);
    group = [];
    since = performance.now();
  };
  try {
    for (const message of messages) {
      if (cancelled.get(page) || performance.now() - received > SIGNED_FOR_MS) break;
      const result = await receiver.post(message);
      group.push(result);
      if (!isDelivered(result)) break;
      if (group.length >= RECORD_EVERY || performance.now() - since >= RECORD_AFTER_MS) report(false);
    }
    report(true);
  } catch (error) {
    report(true, String(error));
  }
}
