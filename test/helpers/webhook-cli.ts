import { freshDatabase, type DialectName, type FreshDatabase } from './dialects.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

/** A key for ROSTER_SECRET_KEY (webhook secrets are stored encrypted with it). */
export const SECRET_KEY = 'a test key that is long enough to be accepted';

/** What a `roster webhooks` test runs against: a fresh database, a receiver, and the CLI's environment. */
export interface WebhookCliSetup {
  readonly db: FreshDatabase;
  readonly receiver: Receiver;
  /** The database, the secret key, and loopback http targets allowed (the receiver is one). */
  readonly env: Record<string, string>;
}

/**
 * @example ({ db, receiver, env } = await webhookCliSetup(dialect));
 */
export async function webhookCliSetup(dialect: DialectName): Promise<WebhookCliSetup> {
  const db = await freshDatabase(dialect);
  const receiver = await startReceiver();
  return {
    db,
    receiver,
    env: {
      ROSTER_DATABASE_URL: db.url,
      ROSTER_SECRET_KEY: SECRET_KEY,
      ROSTER_WEBHOOKS_ALLOW_HTTP: 'true',
      ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'true',
    },
  };
}
