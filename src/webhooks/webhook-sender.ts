import type { Worker } from 'node:worker_threads';
import { startThread } from '../shared/thread.ts';
import type { CheckedTarget, WebhookMessage } from './send-webhook.ts';
import type { FromSender, ToSender } from './sender-messages.ts';

/**
 * The main thread's side of the webhook sender thread: one thread per process, started
 * with the first page and serving every endpoint's pages at once. The thread keeps the
 * process alive only while a page is under way. If it dies, every page under way fails
 * with that error (their events not yet reported are sent again by the next run) and the
 * next page starts a new thread.
 */
export class WebhookSender {
  private worker: Worker | undefined;
  private readonly pages = new Map<number, PageSending>();
  private lastPage = 0;

  /** Hands a page to the thread: its messages are POSTed in order to the checked target. */
  send(target: CheckedTarget, messages: readonly WebhookMessage[], clockOffsetMs: number): PageSending {
    const worker = this.worker ?? this.start();
    const page = ++this.lastPage;
    const sending = new PageSending(() => worker.postMessage({ kind: 'cancel', page } satisfies ToSender));
    this.pages.set(page, sending);
    worker.ref();
    worker.postMessage({ kind: 'page', page, target, messages, clockOffsetMs } satisfies ToSender);
    return sending;
  }

  /** Whether the thread is running (tests). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Ends the thread; pages still under way fail. Call when no delivery run is left. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.lost(worker, new Error('the webhook sender thread was closed'));
    await worker.terminate();
  }

  private start(): Worker {
    const worker = startThread(import.meta.url, 'sender-worker');
    worker.unref();
    worker.on('message', (message: FromSender) => {
      this.pages.get(message.page)?.push(message);
      if (!message.done) return;
      this.pages.delete(message.page);
      if (this.pages.size === 0) worker.unref();
    });
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the webhook sender thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const sending of this.pages.values()) sending.fail(error);
    this.pages.clear();
  }
}

/**
 * One page under way in the sender thread: its results in the order of its messages, in
 * groups; groups that arrived while the delivery was recording the last are read as one.
 */
export class PageSending {
  /** Settles when the thread sends nothing more of the page: it ended, or the thread died. */
  readonly ended: Promise<void>;
  private readonly queue: FromSender[] = [];
  private waiting: { resolve: (message: FromSender) => void; reject: (error: Error) => void } | undefined;
  private failure: { error: Error } | undefined;
  private cancelled = false;
  private done = false;
  private end = (): void => undefined;

  constructor(private readonly sendCancel: () => void) {
    this.ended = new Promise((resolve) => {
      this.end = resolve;
    });
  }

  /** The results reported since the last call (waits for some); rejects if the thread died. */
  next(): Promise<FromSender> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Asks the thread to stop the page after its current POST; `next` then reads its last results. */
  cancel(): void {
    if (this.cancelled || this.done || this.failure) return;
    this.cancelled = true;
    this.sendCancel();
  }

  push(message: FromSender): void {
    this.queue.push(message);
    if (message.done) {
      this.done = true;
      this.end();
    }
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(this.take());
  }

  fail(error: Error): void {
    if (this.done) return;
    this.failure = { error };
    this.end();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }

  private take(): FromSender {
    const messages = this.queue.splice(0);
    const last = messages.at(-1);
    if (!last) throw new Error('no results to take');
    const error = messages.find((m) => m.error !== undefined)?.error;
    return {
      page: last.page,
      results: messages.flatMap((m) => m.results),
      done: last.done,
      ...(error !== undefined ? { error } : {}),
    };
  }
}
