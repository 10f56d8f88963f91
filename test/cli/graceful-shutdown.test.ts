import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { startServe } from '../helpers/cli.ts';
import { dialects, freshDatabase } from '../helpers/dialects.ts';
import { cliJson } from '../helpers/roster-cli.ts';

const BODY = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'in.flight' });

/** A POST /Users whose body is sent in two halves: it stays in flight until `finish`. */
function halfSentPost(
  origin: string,
  token: string,
): { req: ClientRequest; response: Promise<IncomingMessage & { text: string }>; finish(): void } {
  const req = request(`${origin}/scim/v2/Users`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/scim+json',
      'content-length': Buffer.byteLength(BODY),
    },
  });
  const response = new Promise<IncomingMessage & { text: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(Object.assign(res, { text })));
    });
  });
  req.write(BODY.slice(0, 10));
  return { req, response, finish: () => req.end(BODY.slice(10)) };
}

for (const dialect of await dialects()) {
  describe(`roster serve on SIGTERM (${dialect})`, () => {
    it('should let an in-flight request finish, then write the buffered provisioning log and exit 0', async () => {
      const db = await freshDatabase(dialect);
      // A flush interval longer than the test: only the shutdown writes the entries.
      const env = { ROSTER_DATABASE_URL: db.url, ROSTER_LOG_FLUSH_MS: '60000' };
      const server = await startServe({ ...env, ROSTER_LOG_LEVEL: 'info' });
      try {
        const { token } = await cliJson(['tokens', 'create', '--idp', 'generic'], env);
        const before = await fetch(`${server.origin}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(before.status, 200);
        const post = halfSentPost(server.origin, token);
        await server.waitForOutput(/"method":"POST"[^\n]*incoming request/);
        const exited = once(server.process, 'exit');
        server.process.kill('SIGTERM');
        await server.waitForOutput(/shutting down/);
        post.finish();
        const res = await post.response;
        assert.equal(res.statusCode, 201, res.text);
        const [code] = await exited;
        assert.equal(code, 0, server.output());
        const requestId = String(res.headers['x-request-id']);
        assert.match(
          server.output(),
          new RegExp(`"reqId":"${requestId}"[^\n]*"statusCode":201`),
          'the server log names the request id',
        );
        const log = await cliJson(['log', 'list'], env);
        assert.deepEqual(log.entries.map((e: { method: string; status: number }) => `${e.method} ${e.status}`).sort(), [
          'GET 200',
          'POST 201',
        ]);
      } finally {
        if (server.process.exitCode === null) await server.stop('SIGKILL');
        await db.drop();
      }
    });

    it('should close a request that outlasts ROSTER_SHUTDOWN_GRACE_MS and still exit 0', async () => {
      const db = await freshDatabase(dialect);
      const env = { ROSTER_DATABASE_URL: db.url };
      const server = await startServe({ ...env, ROSTER_LOG_LEVEL: 'info', ROSTER_SHUTDOWN_GRACE_MS: '200' });
      try {
        const { token } = await cliJson(['tokens', 'create', '--idp', 'generic'], env);
        const post = halfSentPost(server.origin, token);
        const cutOff = post.response.then(
          () => 'answered',
          () => 'cut off',
        );
        await server.waitForOutput(/"method":"POST"[^\n]*incoming request/);
        const exited = once(server.process, 'exit');
        server.process.kill('SIGTERM');
        const [code] = await exited;
        assert.equal(code, 0, server.output());
        assert.equal(await cutOff, 'cut off');
        assert.match(server.output(), /grace period over/);
      } finally {
        if (server.process.exitCode === null) await server.stop('SIGKILL');
        await db.drop();
      }
    });
  });
}
