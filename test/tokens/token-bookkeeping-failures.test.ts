import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startServe, type RunningServer } from '../helpers/cli.ts';
import { dialects, freshDatabase, type DialectName, type FreshDatabase } from '../helpers/dialects.ts';
import { cliJson, scimOver } from '../helpers/roster-cli.ts';

/** Makes the database refuse what the test names, as a failing disk or a lost connection would. */
async function runSql(dialect: DialectName, url: string, statements: readonly string[]): Promise<void> {
  if (dialect === 'sqlite') {
    const db = new Database(url);
    for (const s of statements) db.exec(s);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of statements) await client.query(s);
  await client.end();
}

const REFUSALS: Record<DialectName, readonly string[]> = {
  sqlite: [
    `create trigger refuse_touch before update of last_used_at on tokens begin select raise(abort, 'refused by the test'); end`,
    `create trigger refuse_expiry before insert on audit_events when new.event_type = 'token.expired' begin select raise(abort, 'refused by the test'); end`,
  ],
  postgres: [
    `create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`,
    `create trigger refuse_touch before update of last_used_at on tokens for each row execute function refuse()`,
    `create trigger refuse_expiry before insert on audit_events for each row when (new.event_type = 'token.expired') execute function refuse()`,
  ],
};

for (const dialect of await dialects()) {
  describe(`a token's bookkeeping writes (${dialect})`, () => {
    let db: FreshDatabase;
    let server: RunningServer;
    let env: Record<string, string>;
    before(async () => {
      db = await freshDatabase(dialect);
      env = { ROSTER_DATABASE_URL: db.url };
      server = await startServe(env);
    });
    after(async () => {
      await server.stop();
      await db.drop();
    });

    it('should log a failed last-use or expiry write, naming the token id and never its secret', async () => {
      const used = await cliJson(['tokens', 'create', '--idp', 'entra'], env);
      const expiring = await cliJson(['tokens', 'create', '--idp', 'okta'], env);
      await runSql(dialect, db.url, [
        ...REFUSALS[dialect],
        `update tokens set expires_at = '2020-01-01T00:00:00.000Z' where id = '${expiring.id}'`,
      ]);

      assert.equal(
        (await scimOver(server.origin, used.token, 'GET', '/Users')).status,
        200,
        'the request does not depend on the write',
      );
      await server.waitForOutput(new RegExp(`could not record the use of token ${used.id}`));

      assert.equal((await scimOver(server.origin, expiring.token, 'GET', '/Users')).status, 401);
      const out = await server.waitForOutput(new RegExp(`could not record the expiry of token ${expiring.id}`));
      assert.match(out, /refused by the test/, "the driver's error is in the log");
      assert.ok(!out.includes(used.token) && !out.includes(expiring.token), 'no secret in the log');
    });
  });
}
