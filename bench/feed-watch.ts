/**
 * The receiving side of bench/feed.ts: a long-polling feed consumer and a webhook receiver,
 * each noting when every event first reached it, and the CLI calls that set them up.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './load-driver.ts';

const BIN = fileURLToPath(new URL('../bin/roster.js', import.meta.url));

/** An event as the bench keeps it: what it needs to match it, and when it arrived. */
export interface SeenEvent {
  readonly seq: number;
  readonly type: string;
  readonly resourceId: string;
  readonly txn: string | null;
  /** Member ids in a `group.members_*` event. */
  readonly members: number;
  /** performance.now() at arrival. */
  readonly at: number;
}

interface WireEvent {
  seq: number;
  type: string;
  txn: string | null;
  resource: { id: string };
  data: { members?: unknown[] };
}

function seen(e: WireEvent, at: number): SeenEvent {
  return {
    seq: e.seq,
    type: e.type,
    resourceId: e.resource.id,
    txn: e.txn,
    members: Array.isArray(e.data.members) ? e.data.members.length : 0,
    at,
  };
}

/**
 * Runs `roster <args> --json` with `env` (`bin`: another checkout's) and returns its last line, parsed.
 *
 * @example const { token } = await cliJson(env, ['apps', 'create', '--name', 'bench'])
 */
export function cliJson(env: Readonly<Record<string, string>>, args: readonly string[], bin = BIN): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--json'], {
      env: { ...process.env, ROSTER_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch (error) {
        reject(new Error(`roster ${args.join(' ')}: ${(error as Error).message}\n${out}`));
      }
    });
  });
}

/**
 * Reads `GET /api/v1/events?wait=30` in a loop from the feed's start, as a consumer would,
 * keeping every event in seq order with its arrival time.
 */
export class FeedConsumer {
  readonly events: SeenEvent[] = [];
  private readonly client: HttpClient;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(origin: string, token: string) {
    this.client = new HttpClient(origin, { authorization: `Bearer ${token}` }, 2);
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    let cursor = '';
    while (!this.stopped) {
      const res = await this.client.send('GET', `/api/v1/events?limit=1000&wait=30${cursor && `&after=${cursor}`}`);
      const at = performance.now();
      if (res.status !== 200) throw new Error(`feed: ${res.status} ${res.body}`);
      const page = JSON.parse(res.body) as { data: WireEvent[]; nextCursor: string };
      for (const e of page.data) this.events.push(seen(e, at));
      cursor = page.nextCursor;
    }
  }

  /** Resolves once `ready` holds of what arrived (checked every 5 ms), or rejects after `ms`. */
  async until(ready: (events: readonly SeenEvent[]) => boolean, ms = 120_000): Promise<void> {
    const end = performance.now() + ms;
    while (!ready(this.events)) {
      if (performance.now() > end) throw new Error(`the feed did not deliver in ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Ends the loop after its current long poll (a write wakes it). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done.catch(() => undefined);
    this.client.close();
  }
}

/** A loopback webhook endpoint answering 204 that keeps the first arrival of each event. */
export class WebhookReceiver {
  /** Event id -> the first attempt's arrival. */
  readonly first = new Map<string, SeenEvent>();
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const id = String(req.headers['webhook-id']);
        if (!this.first.has(id))
          this.first.set(id, seen(JSON.parse(Buffer.concat(chunks).toString()) as WireEvent, at));
        res.writeHead(204).end();
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}
