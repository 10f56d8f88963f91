import assert from 'node:assert/strict';
import { runCli, type CliResult } from './cli.ts';

/** Runs `roster <args> --json` and returns its parsed output, failing the test on a non-zero exit. */
export async function cliJson(args: readonly string[], env: Record<string, string>): Promise<any> {
  const res = await runCli([...args, '--json'], env);
  assert.equal(res.code, 0, `roster ${args.join(' ')}: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

/** Runs `roster <args>` expecting it to fail: exit 1 and a message on stderr. */
export async function cliFails(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const res = await runCli(args, env);
  assert.equal(res.code, 1, `roster ${args.join(' ')} should fail: ${res.stdout}`);
  assert.match(res.stderr, /^roster: /);
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
  return res;
}

export interface HttpScimResponse {
  readonly status: number;
  readonly body: any;
}

/** A SCIM request over the network to a running `roster serve`. */
export async function scimOver(
  origin: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpScimResponse> {
  const res = await fetch(`${origin}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Asserts a 401 with the RFC 7644 error body. */
export function assertRefused(res: HttpScimResponse, what: string): void {
  assert.equal(res.status, 401, `${what}: ${JSON.stringify(res.body)}`);
  assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'], what);
  assert.equal(res.body.status, '401', what);
  assert.equal(typeof res.body.detail, 'string', what);
}
